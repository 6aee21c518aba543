#!/usr/bin/env python3
"""Sends N requests of one tenant within a window, alternating over several gateways, each request on its own
thread at its scheduled instant; prints one JSON line: admitted (200), throttled (429), other, and the elapsed time
from the first request sent to the last answer received.

    burst.py --tenant bench --requests 100 --window 0.9 --path /limited/x PORT [PORT...]
"""
import argparse
import http.client
import json
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tenant', required=True)
    parser.add_argument('--requests', type=int, default=100)
    parser.add_argument('--window', type=float, default=0.9, help='seconds over which requests are spread')
    parser.add_argument('--path', default='/limited/x')
    parser.add_argument('ports', nargs='+', type=int)
    args = parser.parse_args()

    results = [None] * args.requests
    sent = [0.0] * args.requests
    done = [0.0] * args.requests
    # one connection per request, opened before the start, so connecting is not part of the window
    connections = [http.client.HTTPConnection('127.0.0.1', args.ports[i % len(args.ports)], timeout=10)
                   for i in range(args.requests)]
    for c in connections:
        c.connect()
    start = time.monotonic() + 0.2

    def send(i):
        at = start + args.window * i / max(1, args.requests - 1)
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sent[i] = time.monotonic()
        try:
            connections[i].request('GET', args.path, headers={'X-Tenant-Id': args.tenant})
            response = connections[i].getresponse()
            response.read()
            results[i] = response.status
        except Exception as ex:  # counted as "other"
            results[i] = str(ex)
        done[i] = time.monotonic()
        connections[i].close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(args.requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    admitted = sum(1 for r in results if r == 200)
    throttled = sum(1 for r in results if r == 429)
    by_port = {}
    for i, r in enumerate(results):
        port = args.ports[i % len(args.ports)]
        by_port.setdefault(port, 0)
        by_port[port] += 1 if r == 200 else 0
    print(json.dumps({
        'requests': args.requests,
        'admitted': admitted,
        'throttled': throttled,
        'other': args.requests - admitted - throttled,
        'admitted_by_port': by_port,
        'sent_span_s': round(max(sent) - min(sent), 3),
        'elapsed_s': round(max(done) - min(sent), 3),
    }))


if __name__ == '__main__':
    main()
