"""Each endpoint of the upstream, through FastAPI's in-process TestClient."""

from fastapi.testclient import TestClient

from main import app

client = TestClient(app)


def test_get_healthy_reports_healthy() -> None:
    response = client.get("/healthy")
    assert response.status_code == 200
    assert response.json() == {"status": "Healthy"}


def test_post_healthy_echoes_a_json_object() -> None:
    body = {"name": "fastapi-consumer", "nested": {"list": [1, 2, 3]}, "flag": True}
    response = client.post("/healthy", json=body)
    assert response.status_code == 200
    assert response.json() == {"status": "Healthy", "received": body}


def test_post_healthy_echoes_any_json_value() -> None:
    for body in ([1, "two", None], "text", 42):
        response = client.post("/healthy", json=body)
        assert response.status_code == 200
        assert response.json() == {"status": "Healthy", "received": body}


def test_post_healthy_without_a_body_receives_null() -> None:
    response = client.post("/healthy")
    assert response.status_code == 200
    assert response.json() == {"status": "Healthy", "received": None}


def test_post_healthy_rejects_malformed_json() -> None:
    response = client.post(
        "/healthy", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_whoami_reports_the_identity_headers_kong_forwards() -> None:
    response = client.get(
        "/healthy/whoami",
        headers={
            "X-Consumer-Username": "fastapi-consumer",
            "X-Consumer-ID": "8f1f0c64-4a4b-4a0e-9d7e-0d7f3c1a2b3c",
            "X-Credential-Identifier": "jwttoken",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "status": "Healthy",
        "consumer_username": "fastapi-consumer",
        "consumer_id": "8f1f0c64-4a4b-4a0e-9d7e-0d7f3c1a2b3c",
        "credential_identifier": "jwttoken",
    }


def test_whoami_reports_null_when_no_identity_was_forwarded() -> None:
    response = client.get("/healthy/whoami")
    assert response.status_code == 200
    assert response.json() == {
        "status": "Healthy",
        "consumer_username": None,
        "consumer_id": None,
        "credential_identifier": None,
    }


def test_unknown_path_is_404() -> None:
    assert client.get("/kong/healthy").status_code == 404
