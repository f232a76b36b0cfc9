"""A real SMTP server for the statement tests (aiosmtpd, Debian's python3-aiosmtpd).

It requires STARTTLS with the certificate it is given, then AUTH LOGIN or PLAIN with the one
user and password it is given, and saves each PDF attachment of each message it accepts as
`{recipient}--{file name}` in the folder it is given. It prints "ready" once it listens and
stops when its standard input closes.

    python3 smtp_server.py PORT CERT KEY USER PASSWORD OUT_DIR
"""

import email
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    port, cert, key, user, password, out = sys.argv[1:7]

    class Saver:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content)
            for part in message.walk():
                if part.get_content_type() == "application/pdf":
                    for recipient in envelope.rcpt_tos:
                        path = os.path.join(out, f"{recipient}--{part.get_filename()}")
                        with open(path, "wb") as f:
                            f.write(part.get_payload(decode=True))
            return "250 2.0.0 accepted for delivery"

    def authenticate(server, session, envelope, mechanism, data):
        ok = (
            isinstance(data, LoginPassword)
            and data.login == user.encode()
            and data.password == password.encode()
        )
        return AuthResult(success=ok)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Saver(),
        hostname="127.0.0.1",
        port=int(port),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_require_tls=True,
    )
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


main()
