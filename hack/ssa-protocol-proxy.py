#!/usr/bin/env python3
"""HTTPS proxy in front of the local kube-apiserver (127.0.0.1 only), for the benchmark's
spark-submit baseline (`spark-operator-bench apps --baseline spark-submit`).

spark-submit 3.5 creates the driver's Service and ConfigMap by server-side apply, and
kube-apiserver 1.20 rejects an applied Service whose ports omit `protocol` ("associative list
with keys has an element that omits key field"), so spark-submit fails against it directly
(docs/benchmarks.md). This proxy adds `protocol: TCP` to such ports in apply-patch bodies and
passes every other request through unchanged. It does not stream watches (the baseline submits
with spark.kubernetes.submission.waitAppCompletion=false, as kubeflow does).

Usage: ssa-protocol-proxy.py --listen-port P --upstream-port U --cert C --key K --ca CA
Prints "ready <port>" once listening (port 0: a free port is chosen)."""
import argparse
import http.client
import http.server
import json
import ssl
import sys


def add_protocols(obj):
    """Adds protocol: TCP to Service ports (and Pod container ports) that omit it."""
    changed = False

    def fix(ports):
        nonlocal changed
        for p in ports or []:
            if isinstance(p, dict) and "protocol" not in p:
                p["protocol"] = "TCP"
                changed = True

    spec = obj.get("spec") or {}
    if obj.get("kind") == "Service":
        fix(spec.get("ports"))
    if obj.get("kind") == "Pod":
        for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
            fix(c.get("ports"))
    return changed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen-port", type=int, default=0)
    ap.add_argument("--upstream-port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--ca", required=True)
    a = ap.parse_args()
    upstream = ssl.create_default_context(cafile=a.ca)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            if body and "apply-patch" in self.headers.get("Content-Type", ""):
                try:
                    obj = json.loads(body)
                    if isinstance(obj, dict) and add_protocols(obj):
                        body = json.dumps(obj).encode()
                except ValueError:
                    pass  # not JSON (YAML apply): passed through as it is
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
            headers["Content-Length"] = str(len(body))
            conn = http.client.HTTPSConnection("127.0.0.1", a.upstream_port, context=upstream, timeout=120)
            try:
                conn.request(self.command, self.path, body=body if body or self.command in ("POST", "PUT", "PATCH") else None,
                             headers=headers)
                r = conn.getresponse()
                data = r.read()
            finally:
                conn.close()
            self.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() not in ("transfer-encoding", "content-length", "connection"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward

    server = http.server.ThreadingHTTPServer(("127.0.0.1", a.listen_port), Handler)
    server.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
