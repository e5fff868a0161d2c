"""The interface is Vietnamese unless the user picks English, whatever the browser asks for."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_choosing_english_with_the_switch_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tai-khoan/dang-nhap/"}, follow=True)
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
