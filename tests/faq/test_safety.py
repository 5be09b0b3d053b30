"""Safety routing reads messages as people type them: typos, number words, idioms, any language."""

from __future__ import annotations

import pytest

from bot.faq.safety import SafetyDetector
from knowledge.faq import SafetyConfig, load_safety
from tests.faq.safety_readers import detectors, routed


def _category(message: str) -> str | None:
    return routed(detectors()[0], message)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("sometimes i wanna kill myslef", "crisis"),
        ("been thinking about suicde lately", "crisis"),
        ("taking laxitives every night for my hips", "eating"),
        ("im pregant, can i still squat", "pregnancy"),
        ("embarasada de 12 semanas, que ejercicios puedo hacer", "pregnancy"),
    ],
)
def test_a_one_letter_slip_in_a_risk_word_still_counts(message: str, category: str) -> None:
    assert _category(message) == category


@pytest.mark.parametrize(
    "message",
    [
        "starting my cut monday, which glute moves keep my shape?",
        "im stalling on hip thrusts, should i deload?",
    ],
)
def test_real_words_near_a_risk_word_are_not_misread(message: str) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "im fifteen and want fillers in my hip dips",
        "tengo quince y quiero bajar de peso de las caderas",
        "мне пятнадцать, как быстро похудеть в бедрах",
        "ich bin sechzehn, darf ich filler bekommen?",
        "my birthday is soon, ill be sixteen, what calorie deficit should i do",
    ],
)
def test_an_age_in_words_is_an_age(message: str) -> None:
    assert _category(message) == "minor"


def test_a_gym_idiom_is_ignored_but_the_rest_of_the_message_is_read() -> None:
    assert _category("leg day literally killed me lol") is None
    assert _category("leg day killed me. honestly i want to die") == "crisis"
    assert _category("me mato el entrenamiento de pierna") is None
    assert _category("me mato el entrenamiento, y la verdad quiero morirme") == "crisis"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("no one would even notice if i was gone", "en"),
        ("nadie notaria si me muero", "es"),
        ("ninguem ia ligar se eu sumisse", "pt"),
        ("personne ne remarquerait si je disparaissais", "fr"),
        ("niemand wurde mich vermissen", "de"),
        ("никто не заметит если меня не будет", "ru"),
    ],
)
def test_a_pattern_written_once_reaches_every_language(message: str, language: str) -> None:
    hit = detectors()[0].check(message)
    assert hit is not None and (hit.category, hit.language) == ("crisis", language)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("only water for 3 days now, when do the hip dips go", "eating"),
        ("solo agua desde el lunes", "eating"),
        ("не ем уже 3 дня ради бедер", "eating"),
        ("hago ayunos de 72 horas seguido", "eating"),
        ("drinking only water instead of soda now, good for fat loss?", None),
        ("doing 16:8 intermittent fasting for 2 weeks, train fasted?", None),
    ],
)
def test_days_without_food_count_and_ordinary_fasting_does_not(
    message: str, category: str | None
) -> None:
    assert _category(message) == category


def test_making_hip_dips_disappear_is_not_wanting_to_disappear() -> None:
    assert _category("quiero desaparecer las hip dips, que hago?") is None
    assert _category("quiero desaparecer para siempre") == "crisis"
    assert _category("i want to disappear from social media and just train") is None
    assert _category("i want to disappear") == "crisis"


def test_a_pattern_naming_an_undefined_word_class_is_refused() -> None:
    config = load_safety()
    crisis = config.categories[0].model_copy(update={"patterns": {"en": (r"\b@nowhere\b",)}})
    broken = SafetyConfig(
        categories=(crisis, *config.categories[1:]),
        intake=config.intake,
        minor=config.minor,
        lexicon=config.lexicon,
    )
    with pytest.raises(ValueError, match="@nowhere"):
        SafetyDetector(broken)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("restricting to 600 a day and running 10k", "eating"),
        ("como 700 al dia y corro una hora", "eating"),
        ("i do 100 squats a day for my glutes", None),
        ("eating 2,100 a day and the scale won't move", None),
    ],
)
def test_a_daily_intake_without_a_calorie_word_still_counts(
    message: str, category: str | None
) -> None:
    assert _category(message) == category


@pytest.mark.parametrize("message", ["eating ፰ cals a day", "፩፪ kcal a day", "eating ² cals a day"])
def test_digits_of_other_scripts_never_crash_the_intake_rule(message: str) -> None:
    # str.isdigit() accepts these, int() does not: they once crashed the router.
    assert _category(message) in {None, "eating"}


@pytest.mark.parametrize(
    "message",
    [
        "my glutes ache so bad from yesterday lol doms",
        "tengo agujetas horribles en los gluteos, me duele sentarme jaja",
        "muskelkater vom beintag, tut weh beim treppensteigen haha",
        "крепатура после приседаний, ягодицы болят, это нормально?",
        "to toda dolorida do treino de ontem kkk",
    ],
)
def test_named_muscle_soreness_is_not_an_injury(message: str) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "doms or injury? sharp pain in my hip when i walk",
        "i thought it was doms but my hip is swollen now",
        "agujetas no, me duele muchisimo la cadera y no puedo apoyar la pierna",
        "muskelkater oder verletzung? stechender schmerz in der hufte",
        "крепатура или травма? нога онемела после тренировки",
    ],
)
def test_soreness_with_an_acute_sign_is_still_medical(message: str) -> None:
    assert _category(message) == "medical"


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("im so tired of being here, hip dips are the least of it", "crisis"),
        ("maybe its time i just stop being a problem for everyone", "crisis"),
        ("хочется просто исчезнуть и больше не быть", "crisis"),
        ("my intake is like 750 most days lol", "eating"),
        ("just coffee till dinner and then a salad, is that enough for hip dips", "eating"),
        ("como menos de mil calorias por dia", "eating"),
        ("сижу на 800 калориях уже месяц", "eating"),
        ("im in year 10 and want to get my hip dips filled", "minor"),
        ("bin 15 und will mir fett absaugen lassen", "minor"),
        ("bin 16 und will mir die hip dips auffüllen lassen", "minor"),
        ("my little one is 8 weeks, can i do squats again", "pregnancy"),
        ("ttc right now, should i stop heavy hip thrusts", "pregnancy"),
    ],
)
def test_risk_said_in_other_words_is_read(message: str, category: str) -> None:
    assert _category(message) == category


@pytest.mark.parametrize(
    "message",
    [
        "my sister had a baby 2 months ago and i want to help her train",
        "eating 1800 cals a day for my cut, good for hip dips?",
        "i burned 600 cals on the stairmaster today",
    ],
)
def test_someone_elses_birth_and_ordinary_calories_are_not_risk(message: str) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("i mag nimmer, echt. wozu des alles noch", "crisis"),
        ("i wott nüme läbe, und d hüfte isch au no schief", "crisis"),
        ("j'ai le goût de mourir depuis des semaines", "crisis"),
        ("chu pu capable, j'pense à en finir", "crisis"),
        ("ess seit drei tagen nix, geht das fett so schneller weg", "eating"),
        ("nur kaffee bis abends und dann n bisschen salat", "eating"),
        ("je mange 1 repas par jour depuis 2 semaines", "eating"),
        ("ich esse so achthundert kalorien am tag", "eating"),
        ("je suis en secondaire 3 pis je veux des injections dans les hanches", "minor"),
        ("mein baby ist 2 monate alt, wann darf ich wieder trainieren", "pregnancy"),
        ("j'ai la hanche toute enflée depuis hier", "medical"),
    ],
)
def test_regional_and_colloquial_forms_are_read(message: str, category: str) -> None:
    assert _category(message) == category


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("which band is best, not that it matters since i wont be here by christmas", "crisis"),
        (
            "welches band ist am besten, ist eh egal weil ich an weihnachten nicht mehr da bin",
            "crisis",
        ),
        (
            "je mange plus qu'un jour sur deux, je m'entraîne les jours où je mange?",
            "eating",
        ),
        ("quel élastique acheter, au fait je suis en 3e et ma mère me paie une lipo", "minor"),
        ("какие упражнения безопасны, спрашиваю потому что у меня 12 недель", "pregnancy"),
    ],
)
def test_risk_buried_in_an_ordinary_question_is_read(message: str, category: str) -> None:
    assert _category(message) == category


@pytest.mark.parametrize(
    "message",
    [
        "tengo 15, que ejercicios fortalecen el gluteo? no quiero bajar de peso",
        "bin 15 und will stärker werden, will nicht abnehmen",
        "j'ai 15 ans, je veux juste être plus forte, pas de régime",
        "im 10 days into my program, how long until hip dips change",
    ],
)
def test_a_goal_said_as_unwanted_or_a_count_of_days_is_no_minor_risk(message: str) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "der muskelkater bringt mich um haha",
        "je veux mourir de honte, je suis tombée devant tout le cours",
        "i dont want to wake up at 5am for the gym anymore",
        "i'd rather die than do the stairmaster",
        "meine frau hat grad entbunden, ich will selber fitter werden",
        "я на интервальном голодании 16/8, нормально?",
        "tive bebê faz 4 anos, ainda dá pra mudar o quadril?",
    ],
)
def test_gym_hyperbole_and_others_news_stay_ordinary(message: str) -> None:
    assert _category(message) is None
