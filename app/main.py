"""The lab's upstream: a small FastAPI app that Kong's `fastapi-service` points at.

Kong's route `/kong/healthy` strips its path and the service path is `/healthy`, so
`/kong/healthy` reaches `GET /healthy` here and `/kong/healthy/whoami` reaches `GET /healthy/whoami`.
"""

from typing import Any, Optional

from fastapi import Body, FastAPI, Header

app = FastAPI(title="kong-jwt-lab upstream", version="0.1.0")


@app.get("/healthy")
def healthy() -> dict[str, str]:
    """The lab's health endpoint."""
    return {"status": "Healthy"}


@app.post("/healthy")
def healthy_echo(body: Any = Body(default=None)) -> dict[str, Any]:
    """Echoes the JSON request body back (null when the request has no body)."""
    return {"status": "Healthy", "received": body}


@app.get("/healthy/whoami")
def whoami(
    x_consumer_username: Optional[str] = Header(default=None),
    x_consumer_id: Optional[str] = Header(default=None),
    x_credential_identifier: Optional[str] = Header(default=None),
) -> dict[str, Optional[str]]:
    """Reports the consumer identity Kong's jwt plugin forwards upstream (null when absent).

    These headers are only trustworthy when the app is reachable through Kong alone: a client
    that talks to the app directly can send any value.
    """
    return {
        "status": "Healthy",
        "consumer_username": x_consumer_username,
        "consumer_id": x_consumer_id,
        "credential_identifier": x_credential_identifier,
    }
