#include "command.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/version.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace coopatlas::cli {

std::string arguments::get(const std::string& key, const std::string& fallback) const {
    auto it = options.find(key);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> arguments::all(const std::string& key) const {
    auto it = options.find(key);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

arguments parse(const command& cmd, int argc, char** argv, int first) {
    arguments args;
    auto is = [](const std::vector<std::string>& list, const std::string& s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (int i = first; i < argc; ++i) {
        std::string word = argv[i];
        if (word.rfind("--", 0) != 0 || word == "--") {
            args.positional.push_back(word);
            continue;
        }
        std::string key = word.substr(2), value;
        const auto eq = key.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (is(cmd.flags, key)) {
            args.options[key].push_back("1");
        } else if (is(cmd.valued, key)) {
            if (!inline_value) {
                if (i + 1 >= argc) throw error("option --" + key + " needs a value (see coopatlas " + cmd.name + " --help)");
                value = argv[++i];
            }
            args.options[key].push_back(value);
        } else {
            std::string near;
            for (const auto* list : {&cmd.flags, &cmd.valued})
                for (const auto& k : *list)
                    if (text::edit_distance(key, k) <= 2) near = k;
            throw error("unknown option --" + key + " for coopatlas " + cmd.name +
                        (near.empty() ? "" : " \xE2\x80\x94 did you mean --" + near + "?"));
        }
    }
    return args;
}

std::string manifest_path(const arguments& args) {
    if (args.has("manifest")) return args.get("manifest");
    if (args.has("data")) return (std::filesystem::path(args.get("data")) / "atlas.yaml").string();
    return io::default_manifest();
}

} // namespace coopatlas::cli

namespace {

using namespace coopatlas::cli;

const char* common_options =
    "  --data DIR         folder holding atlas.yaml (default: $COOPATLAS_DATA or the embedded data)\n"
    "  --manifest FILE    atlas manifest to load instead\n"
    "  --help             this text\n";

const command commands[] = {
    {"info", "summarise the loaded atlas and partnerships",
     "usage: coopatlas info [--data DIR | --manifest FILE]\n\n"
     "Loads the atlas and prints what it holds: entities by country, level and\n"
     "vintage; partnerships by kind and source; parties without geometry.\n",
     {"help"}, {"data", "manifest"}, &run_info},
    {"validate", "check partnership and entity files, reporting every problem",
     "usage: coopatlas validate FILE... [--data DIR | --manifest FILE]\n\n"
     "Checks each file against the atlas without writing anything. Partnership\n"
     "tables (CSV with party_a and party_b columns): required columns, unique ids,\n"
     "4-digit years, every party known (with suggestions). Entity layers (any GDAL\n"
     "source in the atlas schema): ids unique and not already in the atlas, names,\n"
     "parents known. Exit status 0 when all files are clean, 1 otherwise.\n",
     {"help"}, {"data", "manifest"}, &run_validate},
};

void print_usage(std::ostream& out) {
    out << "usage: coopatlas COMMAND [OPTIONS]\n\n"
           "Geospatial analysis and thematic maps of decentralised cooperation.\n\ncommands:\n";
    for (const auto& c : commands) out << "  " << c.name << std::string(12 - std::strlen(c.name), ' ') << c.summary << '\n';
    out << "\noptions common to all commands:\n" << common_options
        << "  --version          print the version\n\n"
           "Run 'coopatlas COMMAND --help' for a command's options.\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_usage(std::cout);
        return 0;
    }
    if (name == "--version") {
        std::cout << "coopatlas " << COOPATLAS_VERSION_STRING << '\n';
        return 0;
    }
    for (const auto& cmd : commands) {
        if (name != cmd.name) continue;
        try {
            const arguments args = parse(cmd, argc, argv, 2);
            if (args.has("help")) {
                std::cout << cmd.usage << "\noptions:\n" << common_options;
                return 0;
            }
            return cmd.run(args, std::cout, std::cerr);
        } catch (const coopatlas::error& e) {
            std::cerr << "coopatlas " << cmd.name << ": " << e.what() << '\n';
            return 1;
        } catch (const std::exception& e) {
            std::cerr << "coopatlas " << cmd.name << ": internal error: " << e.what() << '\n';
            return 3;
        }
    }
    std::string near;
    for (const auto& c : commands)
        if (coopatlas::text::edit_distance(name, c.name) <= 2) near = c.name;
    std::cerr << "coopatlas: unknown command '" << name << "'"
              << (near.empty() ? "" : " \xE2\x80\x94 did you mean '" + near + "'?") << "\nRun 'coopatlas --help'.\n";
    return 2;
}
