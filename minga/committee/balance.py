"""Balance rules of a call and the balance of a slate.

Rules are stored per call as a small JSON object (``Call.rules``); every key is optional::

    {"min_women_percent": 40, "all_subregions": true, "min_migrant_led": 1,
     "max_per_country": 2, "min_first_time": 1, "languages": ["es", "pt"]}

Gender is private and self-declared (minga.accounts): it is read only here, only to count.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from minga.accounts.models import Gender
from minga.gcm.models import StakeholderType

from .models import FocalRegion

RULE_KEYS = (
    "min_women_percent",
    "all_subregions",
    "min_migrant_led",
    "max_per_country",
    "min_first_time",
    "languages",
)


def language_choices() -> list[tuple[str, str]]:
    """Languages a nominee may speak: the interface languages plus Haitian Creole."""
    choices: list[tuple[str, Any]] = list(settings.LANGUAGES)
    if "ht" not in dict(choices):
        choices.append(("ht", "Kreyòl ayisyen"))
    return choices


LANGUAGE_NAMES = dict(language_choices())


def clean_rules(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise rules; unknown keys and empty values are dropped."""
    rules: dict[str, Any] = {}
    for key in RULE_KEYS:
        value = raw.get(key)
        if value in (None, "", False, []):
            continue
        if key == "all_subregions":
            rules[key] = bool(value)
        elif key == "languages":
            known = {code for code, _name in language_choices()}
            codes = sorted({str(c) for c in value})
            if not set(codes) <= known:
                raise ValidationError({"languages": _("Choose languages from the list.")})
            rules[key] = codes
        else:
            try:
                number = int(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError({key: _("Enter a whole number.")}) from exc
            upper = 100 if key == "min_women_percent" else 1000
            if not 0 <= number <= upper:
                raise ValidationError(
                    {key: _("Enter a number between 0 and %(max)d.") % {"max": upper}}
                )
            if number:
                rules[key] = number
    return rules


def subregion_of(organization: Any) -> str:
    """The focal region of an organization: its headquarters' LAC subregion, or the diaspora
    for organizations based outside Latin America and the Caribbean."""
    country = organization.headquarters
    return country.subregion or FocalRegion.DIASPORA


def describe_rules(rules: Mapping[str, Any]) -> list[str]:
    """Each rule as a sentence, for the public call page."""
    lines = []
    if rules.get("min_women_percent"):
        lines.append(_("Women: at least %(percent)d %%.") % {"percent": rules["min_women_percent"]})
    if rules.get("all_subregions"):
        lines.append(
            _("Every subregion represented: %(names)s.")
            % {"names": ", ".join(str(label) for label in FocalRegion.labels)}
        )
    if rules.get("min_migrant_led"):
        lines.append(
            _("At least %(count)d person from a migrant-led organization.")
            % {"count": rules["min_migrant_led"]}
        )
    if rules.get("max_per_country"):
        lines.append(
            _("At most %(count)d people from organizations of the same country.")
            % {"count": rules["max_per_country"]}
        )
    if rules.get("min_first_time"):
        lines.append(
            _("At least %(count)d first-time speaker.") % {"count": rules["min_first_time"]}
        )
    if rules.get("languages"):
        lines.append(
            _("Languages covered: %(names)s.")
            % {"names": ", ".join(str(LANGUAGE_NAMES.get(c, c)) for c in rules["languages"])}
        )
    return lines


@dataclass
class Balance:
    total: int = 0
    women: int = 0
    men: int = 0
    other_gender: int = 0
    undisclosed: int = 0
    migrant_led: int = 0
    first_time: int = 0
    subregions: list[tuple[str, int]] = field(default_factory=list)
    stakeholder_types: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def percent(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def women_percent(self) -> int:
        return self.percent(self.women)

    @property
    def migrant_led_percent(self) -> int:
        return self.percent(self.migrant_led)

    @property
    def first_time_percent(self) -> int:
        return self.percent(self.first_time)


def compute(
    nominations: Iterable[Any],
    rules: Mapping[str, Any],
    *,
    experienced: set[int] | frozenset = frozenset(),
) -> Balance:
    """The balance of these nominations (organization, headquarters and nominee loaded) and
    the rules they break. ``experienced``: ids of nominees who already held a session role."""
    items = list(nominations)
    balance = Balance(total=len(items))
    genders: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    types: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for nomination in items:
        organization = nomination.organization
        nominee = nomination.nominee
        genders[getattr(nominee, "gender", "") or ""] += 1
        regions[subregion_of(organization)] += 1
        types[organization.stakeholder_type] += 1
        countries[organization.headquarters.name] += 1
        for code in nomination.languages:
            languages[code] += 1
        if organization.is_migrant_led:
            balance.migrant_led += 1
        if nominee is None or nominee.pk not in experienced:
            balance.first_time += 1
    balance.women = genders[Gender.WOMAN]
    balance.men = genders[Gender.MAN]
    balance.undisclosed = genders[""]
    balance.other_gender = balance.total - balance.women - balance.men - balance.undisclosed
    region_labels = dict(FocalRegion.choices)
    balance.subregions = [(str(region_labels[r]), regions[r]) for r in FocalRegion.values]
    type_labels = dict(StakeholderType.choices)
    balance.stakeholder_types = [(str(type_labels.get(t, t)), n) for t, n in types.most_common()]
    balance.languages = [(str(LANGUAGE_NAMES.get(c, c)), n) for c, n in languages.most_common()]
    balance.countries = countries.most_common()
    balance.warnings = _warnings(balance, regions, languages, countries, rules)
    return balance


def _warnings(
    balance: Balance,
    regions: Counter[str],
    languages: Counter[str],
    countries: Counter[str],
    rules: Mapping[str, Any],
) -> list[str]:
    warnings = []
    minimum = rules.get("min_women_percent")
    if minimum and balance.women_percent < minimum:
        warnings.append(
            _("Women are %(share)d %% of the slate; the call asks for at least %(minimum)d %%.")
            % {"share": balance.women_percent, "minimum": minimum}
        )
    if rules.get("all_subregions"):
        missing = [str(label) for value, label in FocalRegion.choices if not regions[value]]
        if missing:
            warnings.append(
                _("Subregions not represented: %(names)s.") % {"names": ", ".join(missing)}
            )
    minimum = rules.get("min_migrant_led")
    if minimum and balance.migrant_led < minimum:
        warnings.append(
            _("%(count)d people from migrant-led organizations; the call asks for %(minimum)d.")
            % {"count": balance.migrant_led, "minimum": minimum}
        )
    maximum = rules.get("max_per_country")
    if maximum:
        over = [name for name, n in countries.items() if n > maximum]
        if over:
            warnings.append(
                _("More than %(maximum)d people from organizations of: %(names)s.")
                % {"maximum": maximum, "names": ", ".join(sorted(over))}
            )
    minimum = rules.get("min_first_time")
    if minimum and balance.first_time < minimum:
        warnings.append(
            _("%(count)d first-time speakers; the call asks for %(minimum)d.")
            % {"count": balance.first_time, "minimum": minimum}
        )
    wanted = rules.get("languages") or []
    missing_languages = [str(LANGUAGE_NAMES.get(c, c)) for c in wanted if not languages[c]]
    if missing_languages:
        warnings.append(
            _("Languages nobody in the slate speaks: %(names)s.")
            % {"names": ", ".join(missing_languages)}
        )
    return warnings
