"""``deluge2py serve-sandbox`` on a port already taken says so in words."""

import socket

from deluge2py.cli import main


def test_a_taken_port_is_a_clear_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve-sandbox", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"deluge2py serve-sandbox: error: port {port} on 127.0.0.1 is in use "
                           "(another server?); choose another with --port")
