#!/usr/bin/python3
"""A MongoDB wire-protocol peer for the tests of `reefer generate --db` (Debian's
python3-mockupdb, run with Debian's /usr/bin/python3).

It answers the handshake as a MongoDB 6.0 primary would, records every `insert` it receives
and prints one JSON line per insert on stdout:
    {"db": ..., "collection": ..., "ordered": ..., "documents": [...]}   (relaxed extended JSON)
The first line is "listening <port>". Options:
    --reject-auth   answer every SASL step with "Authentication failed." (code 18)
    --tls CERT      speak TLS only, with this PEM (certificate chain and private key)
"""
import json
import ssl
import sys

from bson import json_util
from mockupdb import MockupDB

HELLO = {
    'ismaster': True,
    'isWritablePrimary': True,
    'helloOk': True,
    'minWireVersion': 0,
    'maxWireVersion': 17,
    'maxBsonObjectSize': 16 * 1024 * 1024,
    'maxMessageSizeBytes': 48000000,
    'maxWriteBatchSize': 100000,
    'logicalSessionTimeoutMinutes': 30,
    'connectionId': 1,
    'saslSupportedMechs': ['SCRAM-SHA-256', 'SCRAM-SHA-1'],
    'ok': 1,
}


def main():
    reject_auth = '--reject-auth' in sys.argv
    tls = sys.argv[sys.argv.index('--tls') + 1] if '--tls' in sys.argv else None
    if tls:
        # MockupDB wraps its listening socket with ssl.wrap_socket and its own test
        # certificate (no subject alternative name); serve ours instead.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls)
        ssl.wrap_socket = lambda sock, **_: context.wrap_socket(sock, server_side=True)
    server = MockupDB(port=0, auto_ismaster=HELLO, request_timeout=3600, ssl=bool(tls))
    server.autoresponds('hello', HELLO)
    server.autoresponds('isMaster', HELLO)
    server.autoresponds('ping', {'ok': 1})
    server.autoresponds('endSessions', {'ok': 1})
    server.run()
    print('listening', server.port, flush=True)
    while True:
        request = server.receives(timeout=3600)
        name = request.command_name
        if name in ('saslStart', 'saslContinue'):
            message = ('Authentication failed.' if reject_auth
                       else 'SCRAM is not implemented by this mock')
            request.command_err(code=18, errmsg=message, codeName='AuthenticationFailed')
        elif name == 'insert':
            documents = request.doc.get('documents', [])
            print(json.dumps({
                'db': request.doc.get('$db'),
                'collection': request.doc['insert'],
                'ordered': request.doc.get('ordered', True),
                'documents': json.loads(json_util.dumps(
                    documents, json_options=json_util.RELAXED_JSON_OPTIONS)),
            }), flush=True)
            request.ok(n=len(documents))
        else:
            request.command_err(code=59, errmsg='unexpected command %r' % name,
                                codeName='CommandNotFound')


if __name__ == '__main__':
    main()
