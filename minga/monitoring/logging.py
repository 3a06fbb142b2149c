"""Keep client addresses out of the server's access log (issue 6: no IP address is stored on
the intake path, logs included).

uvicorn's access log record carries ``(client address, method, path, HTTP version, status)``;
this filter, installed on the ``uvicorn.access`` logger, blanks the address and drops the
query string of every request (the whole site: a reporter also reaches the intake from other
pages, and an address next to a time is enough to identify someone)."""

import logging


class RedactClientAddress(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3:
            path = str(args[2]).split("?", 1)[0]
            record.args = ("-", args[1], path, *args[3:])
        return True


def install() -> None:
    # Pillow logs EXIF tag values (GPS, device, descriptions) at DEBUG level while reading a
    # photo: never let that reach a log, whatever LOG_LEVEL says.
    logging.getLogger("PIL").setLevel(logging.INFO)
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactClientAddress) for f in logger.filters):
        logger.addFilter(RedactClientAddress())
