#pragma once
// The small maps of the reference-image tests: inline data (WKT, points, from/to pairs),
// so that nothing depends on the embedded atlas; shared by the visual tests, the
// structure checks and the mutation tests.

#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coopatlas::test {

struct visual_case {
    const char* name;
    const char* spec;
};

// Names the case in test listings and failure messages instead of printing its bytes.
inline void PrintTo(const visual_case& c, std::ostream* os) {
    *os << c.name;
}

// Small pages (200 × 150) keep the references light. Data is inline (WKT, points,
// from/to pairs) so that nothing depends on the embedded atlas.
inline const visual_case visual_cases[] = {
    {"choropleth", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: polygons
    breaks: [0, 1, 2, 3, 4]
    palette: YlGnBu
    outline: "#333333"
    features:
      - {wkt: "POLYGON((0 0, 2 0, 2 1.5, 0 1.5, 0 0))", value: 0.5}
      - {wkt: "POLYGON((2 0, 4 0, 4 1.5, 2 1.5, 2 0))", value: 1.5}
      - {wkt: "POLYGON((0 1.5, 2 1.5, 2 3, 0 3, 0 1.5),(0.5 2, 1.5 2, 1.5 2.5, 0.5 2.5, 0.5 2))", value: 3.5}
      - {wkt: "POLYGON((2 1.5, 4 1.5, 4 3, 2 3, 2 1.5))"}
)yaml"},
    {"lines", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
sea: "#ffffff"
layers:
  - kind: lines
    stroke: "#3b3b3b"
    width: 2
    features:
      - {wkt: "LINESTRING(0.2 0.5, 3.8 0.5)"}
      - {wkt: "LINESTRING(0.2 1.5, 2 2.5, 3.8 1.5)", disputed: true}
      - {wkt: "MULTILINESTRING((0.5 2.8, 1 2.2),(3 2.8, 3.5 2.2))"}
)yaml"},
    {"circles", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: circles
    max_radius: 30
    fill: "#e6550db3"
    outline: "#ffffff"
    features:
      - {point: [1.5, 1.5], value: 100}
      - {point: [2.2, 1.5], value: 25}
      - {point: [3.2, 2.2], value: 4}
      - {point: [0.6, 0.6], value: 1}
)yaml"},
    {"flows", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
sea: "#ffffff"
layers:
  - kind: flows
    stroke: "#2171b5"
    opacity: 0.8
    min_width: 1
    max_width: 6
    curvature: 0.2
    arrows: true
    features:
      - {from: [0.3, 1.3], to: [3.7, 1.3], value: 4, directed: true}
      - {from: [3.7, 1.3], to: [0.3, 1.3], value: 1, directed: true}
      - {from: [0.3, 2.3], to: [3.7, 2.3], value: 2}
      - {from: [1.0, 0.3], to: [3.0, 0.6], value: 1, directed: true}
)yaml"},
    {"points-labels", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: points
    shape: square
    size: 6
    fill: "#d7301f"
    features:
      - {id: a, point: [1, 1]}
      - {id: b, point: [3, 2]}
      - {id: c, point: [2, 2.5]}
  - kind: labels
    size: 10
    features:
      - {id: a, point: [1, 1], label: "Alpha", value: 3}
      - {id: b, point: [3, 2], label: "Beta", value: 2}
      - {id: c, point: [2, 2.5], label: "Gamma", value: 1}
)yaml"},
    {"graticule-legend", R"yaml(
size: [200, 150]
margin: 4
credits: none
legend: inside-bottom-right
projection: "+proj=laea +lat_0=45 +lon_0=0 +datum=WGS84 +units=m"
extent: [-20, 30, 20, 60]
graticule: 10
scale_bar: false
north_arrow: false
font_scale: 0.9
layers:
  - kind: background
    land: "#f2efe9"
    features:
      - {wkt: "POLYGON((-10 35, 10 35, 10 55, -10 55, -10 35))"}
  - kind: points
    title: "Site"
    size: 5
    features:
      - {point: [0, 45]}
)yaml"},
    {"legend-title", R"yaml(
size: [200, 150]
margin: 4
credits: none
legend: {position: inside-top-left, title: "Key"}
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
font_scale: 0.9
sea: "#ffffff"
layers:
  - id: roads
    kind: lines
    title: "Roads"
    stroke: "#7f2704"
    width: 1.5
    features:
      - {wkt: "LINESTRING(0.3 0.4, 3.7 0.9)"}
      - {wkt: "LINESTRING(2.2 0.2, 3.6 2.8)", disputed: true}
  - id: towns
    kind: circles
    title: "Towns"
    max_radius: 10
    legend_values: [4]
    features:
      - {point: [3.0, 2.2], value: 4}
      - {point: [1.2, 0.6], value: 1}
)yaml"},
};

inline const visual_case& visual_case_named(const char* name) {
    for (const auto& c : visual_cases)
        if (std::string_view(c.name) == name) return c;
    throw std::out_of_range(std::string("no visual case ") + name);
}

} // namespace coopatlas::test
