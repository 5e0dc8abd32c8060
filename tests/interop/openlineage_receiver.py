#!/usr/bin/env python3
"""A stand-in OpenLineage HTTP endpoint for the CI check of `--openlineage-url`: accepts
`POST /api/v1/lineage` (as Marquez does), appends each JSON body as one line to OUT_FILE,
answers 201. Prints its port on stdout, then serves until killed.

usage: openlineage_receiver.py OUT_FILE
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

out = open(sys.argv[1], "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != "/api/v1/lineage":
            self.send_response(404)
        else:
            out.write(json.dumps(json.loads(body)) + "\n")
            self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
