"""Site settings: read, checked, and put into the replies that send people to a person."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from quality.traceability import ROOT, response_files
from site_settings import phrases, settings
from site_settings.nlg import SiteResponseGenerator
from site_settings.settings import SiteSettings, SiteSettingsError

PHONE = "020 7946 0000"
SET: dict[str, str] = {
    "SITE_FILE": "/nonexistent/site.yml",
    "SITE_CENTRE_NAME": "Riverside Cancer Centre",
    "SITE_CARE_TEAM_PHONE": PHONE,
    "SITE_CARE_TEAM_HOURS": "Monday to Friday, 9am to 5pm",
    "SITE_EMERGENCY_NUMBER": "999",
    "SITE_CRISIS_LINE": "116 123",
    "SITE_SUPPORT_SERVICE": "our Patient Support Service",
    "SITE_CONTACT_PAGE": "https://hospital.example/car-t/contact",
    "SITE_PRIVACY_NOTICE": "https://hospital.example/privacy",
}
# The replies that send someone to a person, and what each must use.
ROUTING = {
    "utter_symptom_urgent": ("contact_care_team", "emergency_line"),
    "utter_when_to_call_care_team": ("contact_care_team", "emergency_line"),
    "utter_cannot_advise": ("contact_care_team",),
    "utter_trouble": ("contact_care_team", "emergency_line"),
    "utter_talk_to_person": ("contact_care_team", "care_team_hours_sentence"),
    "utter_talk_to_person_urgent": ("emergency_line", "contact_care_team"),
    "utter_self_harm_urgent": ("emergency_line", "crisis_line"),
    "utter_disclaimer": ("contact_care_team", "emergency_line"),
}


def domain() -> Domain:
    return Domain.load([str(path) for path in response_files()])


def generate(site: SiteSettings, name: str, channel: str) -> str:
    nlg = SiteResponseGenerator(domain=domain(), site=site)
    tracker = DialogueStateTracker("someone", [])
    message = asyncio.run(nlg.generate(name, tracker, channel))
    assert message is not None
    return str(message["text"])


def test_unset_file_and_environment_give_no_values() -> None:
    assert settings.load({"SITE_FILE": "/nonexistent/site.yml"}) == SiteSettings()


def test_the_shipped_site_file_is_valid_and_generic() -> None:
    assert settings.load({}) == SiteSettings()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    site_file = tmp_path / "site.yml"
    site_file.write_text('care_team_phone: "01234 567890"\ncentre_name: "A"\n')
    loaded = settings.load(
        {"SITE_FILE": str(site_file), "SITE_CARE_TEAM_PHONE": "+44 20 7946 0000"}
    )
    assert loaded.care_team_phone == "+44 20 7946 0000"
    assert loaded.centre_name == "A"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("SITE_CARE_TEAM_PHONE", "call us"),
        ("SITE_CARE_TEAM_PHONE", "0800 CART"),
        ("SITE_EMERGENCY_NUMBER", "9"),
        ("SITE_CRISIS_LINE", "116-123-x"),
        ("SITE_CONTACT_PAGE", "hospital.example/contact"),
        ("SITE_PRIVACY_NOTICE", "javascript:alert(1)"),
        ("SITE_PRIVACY_NOTICE", "ftp://hospital.example/privacy"),
        ("SITE_CENTRE_NAME", "Centre {contact_care_team}"),
        ("SITE_CARE_TEAM_HOURS", "x" * 200),
    ],
)
def test_a_malformed_value_is_refused_naming_the_setting(
    variable: str, value: str
) -> None:
    with pytest.raises(SiteSettingsError, match=variable):
        settings.load({"SITE_FILE": "/nonexistent/site.yml", variable: value})


def test_an_unknown_setting_in_the_file_is_refused(tmp_path: Path) -> None:
    site_file = tmp_path / "site.yml"
    site_file.write_text('care_team_fone: "020 7946 0000"\n')
    with pytest.raises(SiteSettingsError, match="care_team_fone"):
        settings.load({"SITE_FILE": str(site_file)})


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_settings"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_launch_check_stops_on_a_bad_value_and_names_it() -> None:
    bad = run_check({"SITE_CARE_TEAM_PHONE": "ring the ward"})
    assert bad.returncode == 2
    assert "SITE_CARE_TEAM_PHONE" in bad.stderr
    good = run_check(SET)
    assert good.returncode == 0, good.stderr


@pytest.mark.parametrize("name", sorted(ROUTING))
def test_unset_values_give_the_generic_wording(name: str) -> None:
    text = generate(SiteSettings(), name, "collector")
    assert "{" not in text and "  " not in text and "call now" not in text
    assert "care team" in text or "emergency number" in text


@pytest.mark.parametrize("name, uses", sorted(ROUTING.items()))
def test_replies_that_send_people_to_a_person_use_the_settings(
    name: str, uses: tuple
) -> None:
    site = settings.load(SET)
    sms = generate(site, name, "twilio")
    expected = phrases.placeholder_values(site, "twilio")
    for placeholder in uses:
        assert expected[placeholder] in sms, (name, placeholder, sms)
    assert "tel:" not in sms and "{" not in sms


def test_phone_numbers_are_links_in_the_widget_and_plain_elsewhere() -> None:
    site = settings.load(SET)
    widget = generate(site, "utter_talk_to_person", "collector")
    assert f"[{PHONE}](tel:02079460000)" in widget
    assert "Monday to Friday, 9am to 5pm" in widget
    assert "https://hospital.example/car-t/contact" in widget
    for channel in ("twilio", "telegram", "slack", "facebook"):
        text = generate(site, "utter_talk_to_person", channel)
        assert f"call the care team at Riverside Cancer Centre on {PHONE}" in text
        assert "tel:" not in text


def test_after_a_symptom_report_the_emergency_line_comes_first() -> None:
    text = generate(settings.load(SET), "utter_talk_to_person_urgent", "twilio")
    assert text.index("999") < text.index(PHONE)


def test_every_placeholder_in_the_responses_is_a_site_placeholder() -> None:
    import re

    used = set()
    for path in response_files():
        used |= set(re.findall(r"\{(\w+)\}", path.read_text(encoding="utf-8")))
    assert used - {"placeholders"} <= set(phrases.PLACEHOLDERS)


def test_the_rest_channels_trouble_reply_has_the_care_teams_number() -> None:
    from types import SimpleNamespace

    from channels.rest import trouble_text

    nlg = SiteResponseGenerator(domain=domain(), site=settings.load(SET))
    app = SimpleNamespace(
        ctx=SimpleNamespace(agent=SimpleNamespace(domain=domain(), nlg=nlg))
    )
    text = trouble_text(app)
    assert f"[{PHONE}](tel:02079460000)" in text and "{" not in text


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "endpoints.prod.yml"])
def test_both_profiles_fill_the_site_details_in_the_rasa_server(endpoints: str) -> None:
    import yaml

    config = yaml.safe_load((ROOT / endpoints).read_text(encoding="utf-8"))
    assert config["nlg"] == {"type": "site_settings.nlg.SiteResponseGenerator"}
