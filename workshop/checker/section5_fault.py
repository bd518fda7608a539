"""Section 5, "Find the fault": which fault is switched on, and is the attendee's answer
right?

The fault comes from WORKSHOP_FAULT=N (N % 3 picks it, as the services do in
common/src/faults.cpp): from the environment (the Docker route passes it to the check
container) or from the file scripts/fault writes (build/fault/workshop-fault). The answer
is SERVICE or SERVICE/SPAN: the service at fault and, optionally, the span that shows it.
No process is started; nothing is read but that number.
"""
import os

STATE_FILE = os.path.join("build", "fault", "workshop-fault")
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]

# N % 3 -> the fault, as common::WorkshopFaultFromEnv() maps it.
FAULTS = {
    0: {
        "name": "slow places",
        "service": "geolocator-service",
        # The innermost span with the delay first; its SERVER span holds it too.
        "spans": ["getting-coordinates-for-location", "GET /"],
        "what": "the geolocator-service answers places whose name starts with B or M "
                "about 300 ms late (FAULT_SLOW_PLACES=bm): its getting-coordinates-for-location "
                "span is slow for them, and it logs \"place index: cold look-up for ...\"",
    },
    1: {
        "name": "ISS API errors",
        "service": "iss-distance-service",
        "spans": ["getting-iss-coordinates", "calculating-iss-distance", "GET /"],
        "what": "3 in 10 of the iss-distance-service's calls to the ISS position API fail with "
                "503 (FAULT_ISS_API_ERRORS=0.3): getting-iss-coordinates is ERROR, it logs "
                "\"ISS position API answered 503\", iss_requests_total{response_status=\"503\"} "
                "rises, and the request ends in 502 up to the frontend",
    },
    2: {
        "name": "gateway retry storm",
        "service": "gateway",
        "spans": ["GET"],
        "what": "the gateway calls iss-distance-service 4 times per request, keeping the last "
                "answer (FAULT_GATEWAY_RETRIES=3): four CLIENT spans \"GET\" to "
                "iss-distance-service in every trace, the warning \"retrying iss-distance-service "
                "(attempt 2 of 4)\", and iss-distance-service's request rate 4 times the gateway's",
    },
}

HINTS = {
    "frontend": "the frontend only shows what the gateway answers: follow its CLIENT span "
                "down the trace.",
    "gateway": "the gateway passes on what its backends answer: which of its CLIENT spans is "
               "slow, failing, or there more often than it should be?",
    "geolocator-service": "compare the geolocator-service's latency and errors with the others' "
                          "in the RED panels (or the viewer's charts).",
    "iss-distance-service": "is the iss-distance-service failing or slow itself, or just asked "
                            "more often than the frontend is? Compare request rates per service.",
}


class NoFault(Exception):
    pass


def fault_code(environ=None, root="."):
    """The WORKSHOP_FAULT number in force; NoFault saying how to start one."""
    environ = os.environ if environ is None else environ
    text = environ.get("WORKSHOP_FAULT", "").strip()
    source = "WORKSHOP_FAULT"
    if not text:
        path = os.path.join(root, STATE_FILE)
        try:
            with open(path, encoding="utf-8") as state:
                text = state.read().strip()
            source = path
        except OSError:
            raise NoFault("no fault is switched on: start one with scripts/fault (loopback), or "
                          "export WORKSHOP_FAULT=$RANDOM before starting the services and the "
                          "check (Docker route); README Section 5") from None
    if not text.isdigit() or not 1 <= int(text) <= 999999:
        raise NoFault(f"{source} must be a whole number in [1, 999999], got '{text}'")
    return int(text)


def fault_for(code):
    return FAULTS[code % 3]


def grade(answer, code):
    """(right, lines to print) for an answer "SERVICE" or "SERVICE/SPAN"."""
    fault = fault_for(code)
    service, _, span = (answer or "").strip().partition("/")
    service, span = service.strip(), span.strip()
    if service not in SERVICES:
        return False, [f"'{service}' is not one of the services: " + ", ".join(SERVICES) + ".",
                       "Answer as SERVICE or SERVICE/SPAN, e.g. --answer \"frontend/POST /\""]
    if service != fault["service"]:
        return False, [f"Not {service}. Hint: {HINTS[service]}"]
    if span and span not in fault["spans"]:
        return False, [f"Right service, {service}, but not its span '{span}'. The span names "
                       "are in the trace's waterfall; which one holds the trouble?"]
    lines = [f"Right: {service}" + (f", span {span}" if span else "") + "."]
    if not span:
        lines.append(f"(The span that shows it: {fault['spans'][0]}.)")
    lines.append(f"The fault was \"{fault['name']}\": {fault['what']}.")
    return True, lines
