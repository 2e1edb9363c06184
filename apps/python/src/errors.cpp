// C++ exceptions become the Python exceptions of coopatlas.errors, a small hierarchy
// under CoopatlasError (as pyproj's CRSError and ProjError): InputError with its
// diagnostics, UnknownName with suggestions, AmbiguousName with candidates.

#include "bindings.hpp"

#include <coopatlas/error.hpp>

#include <pybind11/stl.h>

namespace coopatlas::python {

namespace {

// Sets the Python error to an instance of coopatlas.errors.<name>(*args).
void raise(const char* name, const py::tuple& args) {
    const py::object type = py::module_::import("coopatlas.errors").attr(name);
    const py::object value = type(*args);
    PyErr_SetObject(type.ptr(), value.ptr());
}

py::tuple diagnostic_tuple(const diagnostic& d) {
    return py::make_tuple(d.file, d.line, d.column, d.field, d.message, d.suggestion);
}

} // namespace

void bind_errors(py::module_& m) {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const input_error& e) {
            py::list diagnostics;
            for (const auto& d : e.diagnostics())
                diagnostics.append(diagnostic_tuple(d));
            raise("InputError", py::make_tuple(e.what(), diagnostics));
        } catch (const unknown_name_error& e) {
            raise("UnknownName", py::make_tuple(e.what(), e.name(), e.suggestions()));
        } catch (const ambiguous_name_error& e) {
            raise("AmbiguousName", py::make_tuple(e.what(), e.name(), e.candidate_ids()));
        } catch (const error& e) {
            raise("CoopatlasError", py::make_tuple(e.what()));
        }
    });
    m.def(
        "_raise_for_test",
        [](const std::string& kind) {
            if (kind == "input")
                throw input_error(diagnostic{"f.csv", 3, 30, "party_a", "unknown party_a 'x'", "did you mean 'y'?"});
            if (kind == "error") throw error("plain error");
            throw std::runtime_error("internal");
        },
        "Raises a C++ exception of a kind ('input', 'error', other: std::runtime_error), to test the translation.");
}

} // namespace coopatlas::python
