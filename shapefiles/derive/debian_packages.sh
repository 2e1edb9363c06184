# Sourced by the derivation scripts: installs the Debian packages they need, only when missing.
# Usage: ensure_debian_packages [--npm-unless-set VAR] PACKAGE...
# npm may come from Debian or from another Node.js distribution: only its command matters, and
# none is needed when VAR names a node_modules folder already filled.
ensure_debian_packages() {
    local npm_var="" pkg status
    if [[ ${1:-} == --npm-unless-set ]]; then
        npm_var="$2"
        shift 2
    fi
    local missing=()
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ $status == "install ok installed" ]] || missing+=("$pkg")
    done
    if [[ -n $npm_var && -z ${!npm_var:-} ]] && ! command -v npm >/dev/null; then missing+=(npm); fi
    ((${#missing[@]})) || return 0
    echo "installing: ${missing[*]}" >&2
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: run as root, or install these Debian packages first: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}
