"""Metric names used by PromQL queries in Grafana dashboards and datasources.

The extractor reads PromQL the way Prometheus does for this purpose: a metric
name is an identifier that is not a function or aggregation call, not a keyword,
not a label inside {...}, not a grouping label inside by(...)/on(...), not a
duration inside [...] and not inside a string. Grafana's own variables
($__rate_interval, ${service:regex}, $$__tags in provisioning files) are removed
first.
"""

import json
import re

# Words PromQL reserves outside of calls (binary operators and modifiers).
PROMQL_KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
    "group_right", "offset", "bool", "atan2", "inf", "nan", "start", "end",
}

_GRAFANA_VARIABLE = re.compile(r"\$\$?(\{[^}]*\}|\w+)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(
    r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_IDENTIFIER = re.compile(r"(?<![\w.:])([A-Za-z_:][\w:]*)(\s*\()?")


def metric_names(expr):
    """Returns the set of metric names one PromQL expression selects."""
    text = _GRAFANA_VARIABLE.sub(" ", expr)
    text = _STRING.sub(" ", text)
    text = _BRACES.sub(" ", text)
    text = _BRACKETS.sub(" ", text)
    text = _GROUPING.sub(" ", text)
    names = set()
    for match in _IDENTIFIER.finditer(text):
        word, is_call = match.group(1), match.group(2)
        if is_call or word.lower() in PROMQL_KEYWORDS:
            continue
        names.add(word)
    return names


_MATCHER = re.compile(r"([A-Za-z_][\w]*)\s*(?:=~|!~|!=|=)")


def label_names(expr):
    """Label names an expression matches on ({l="v"}) or groups by (by/on/without)."""
    text = _GRAFANA_VARIABLE.sub(" ", expr)
    names = set()
    for braces in re.findall(r"\{([^{}]*)\}", _STRING.sub('""', text)):
        names |= set(_MATCHER.findall(braces))
    for clause in re.findall(
            r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)", text):
        names |= {word.strip() for word in clause.split(",") if word.strip()}
    return names


def _panels(panels):
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def _uid(datasource):
    return datasource.get("uid") if isinstance(datasource, dict) else None


def _prometheus_uids(datasources):
    return {d["uid"] for d in datasources if d.get("type") == "prometheus"}


def dashboard_queries(dashboard, prometheus_uids):
    """Yields (where, expr) for every Prometheus query in a dashboard."""
    title = dashboard.get("title")
    for panel in _panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            uid = _uid(target.get("datasource")) or _uid(panel.get("datasource"))
            if uid in prometheus_uids and "expr" in target:
                yield f"{title}/{panel.get('title')}/{target.get('refId')}", target["expr"]
    for variable in dashboard.get("templating", {}).get("list", []):
        if _uid(variable.get("datasource")) in prometheus_uids:
            query = variable.get("query")
            text = query.get("query") if isinstance(query, dict) else query
            inner = re.fullmatch(r"\s*label_values\((.*),\s*\w+\)\s*", text or "")
            yield f"{title}/${variable['name']}", inner.group(1) if inner else text


def datasource_queries(datasources):
    """Yields (where, expr) for PromQL kept in datasource links (traces->metrics)."""
    for datasource in datasources:
        links = datasource.get("jsonData", {}).get("tracesToMetrics", {})
        for query in links.get("queries", []):
            yield f"datasource {datasource['uid']}/{query['name']}", query["query"]


def all_queries(dashboard_paths, datasources):
    prometheus_uids = _prometheus_uids(datasources)
    for path in dashboard_paths:
        with open(path, encoding="utf-8") as f:
            yield from dashboard_queries(json.load(f), prometheus_uids)
    yield from datasource_queries(datasources)


def scrape_labels(scrape_text):
    """{metric name: set of label names} of the samples in a Prometheus or
    OpenMetrics exposition (exemplars after '#' are not labels)."""
    labels = {}
    for line in scrape_text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"([A-Za-z_:][\w:]*)(\{((?:[^}\"]|\"(?:[^\"\\]|\\.)*\")*)\})?", line)
        if match:
            names = labels.setdefault(match.group(1), set())
            names |= set(re.findall(r'([A-Za-z_]\w*)="', match.group(3) or ""))
    return labels


def scrape_sample_names(scrape_text):
    """Metric names of the samples in a Prometheus or OpenMetrics exposition."""
    return set(scrape_labels(scrape_text))
