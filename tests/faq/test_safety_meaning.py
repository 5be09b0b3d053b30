"""Who and when a risk word is about: safety9's probes (issue #15), written before the change.

Fresh writers' gym talk trips the patterns through words that also mean something ordinary:
a risk word about someone else, in the past, negated, or in another sense of the word
("ça allait", "mon enceinte bluetooth", "me parto de risa", "в положении лёжа", "it wouldn't
hurt"). Written from how people talk, not from any evaluation set. The same words said by the
writer, now, about their own body must still be routed.
"""

from __future__ import annotations

import pytest

from tests.faq.safety_readers import detectors, routed


def _category(message: str) -> str | None:
    return routed(detectors()[1], message)


TRAPS = [
    # A second sense of the word, per language.
    "it wouldnt hurt to add some cardio right? for the hip fat",
    "cant hurt to try the 30 day glute challenge i guess",
    "the treadmill is mind numbing, what else burns fat around the hips",
    "been on pins and needles waiting for my progress pics to load lol",
    "bruised ego after the new girl outlifted me on hip thrusts",
    "im expecting results in like 4 weeks, is that realistic for hip dips",
    "my gym membership is due in march so i need a home plan after that",
    "me parto de risa con los videos de hip thrust en tiktok, sirven de algo?",
    "parto de la base de que las caderas no se pueden cambiar, es así?",
    "me duele admitirlo pero llevo un mes sin ir al gym, cómo retomo glúteos?",
    "parto do princípio que quadril não muda com treino, é verdade?",
    "dor de cotovelo de ver a amiga com quadril perfeito kkk, que treino ela faz?",
    "ça allait bien jusqu'à ce que j'arrête la salle, comment reprendre pour les hanches ?",
    "j'ai mal compris la vidéo, on fait combien de séries de fentes latérales ?",
    "j'ai mal dormi mais je vais quand même faire ma séance fessiers",
    "mon enceinte bluetooth est morte en pleine séance, des playlists pour le leg day ?",
    "accouche, c'est quoi ton programme pour les hanches ?",
    "die Stille im Gym um 6 Uhr ist herrlich, welche Übung für die Hüfte zuerst?",
    "Weltschmerz am Montag, aber Beintag muss sein. Welche Übung gegen Hip Dips?",
    "das tut meinem Geldbeutel weh, lohnt sich ein Personal Trainer für die Hüfte?",
    "в положении лёжа делать отведение ноги или стоя лучше?",
    "3 неделя тренировок, ямки на бёдрах не уходят, что делать",
    "больно смотреть на свои бёдра в зеркале, какие упражнения помогут?",
    # Someone else, not the writer.
    "my client is pregnant so we switched her to walks, what hip drills for my other clients?",
    "my coworker just had her baby and our gym challenge is on pause lol. best hip thrust?",
    "my friends baby is 3 months old and she's already back at the gym, how is that even possible",
    "mi hermana está embarazada y me robó las bandas elásticas jaja, cuáles me compro?",
    "minha amiga tá grávida e me deu as caneleiras dela, que exercício faço com elas?",
    "ma coloc est enceinte, du coup je m'entraîne seule : quel exo pour les hanches ?",
    "meine Kollegin ist schwanger, ich trainiere jetzt allein. Übung für die Hüfte?",
    "подруга беременна, теперь хожу в зал одна. что делать для бёдер?",
    "my client says her knee hurts after lunges, which glute exercise should i give her instead",
    # Negated, or over long ago.
    "not pregnant, just bloated after pizza, my hip dips look worse today lol",
    "people keep asking if im pregnant because of my belly, how do i lose belly and hip fat",
    "had my kids ages ago, theyre teenagers now, can i still fix hip dips",
    "no estoy embarazada, solo hinchada de tanta pizza, cómo bajo cadera?",
    "je ne suis pas enceinte, juste ballonnée, quel exo pour les hanches ?",
    "ich bin nicht schwanger, nur aufgebläht, welche Übung für die Hüfte?",
    "я не беременна, просто вздутие, как убрать ямки на бёдрах?",
    "hurt my ankle in high school, been totally fine since, can i do jump squats?",
    # Over, in the writer's past, with an age: not a minor now.
    "been lifting since i was 15, now 31. are fillers for hip dips worth it?",
]

AT_RISK = [
    ("sharp pain in my hip every time i do side lunges, should i push through?", "medical"),
    ("my knee hurts when i squat and its swollen since yesterday", "medical"),
    ("numbness down my left leg since deadlifts on monday", "medical"),
    ("me duele mucho la cadera desde ayer, no puedo apoyar el pie", "medical"),
    ("dor forte no quadril desde o treino, tá inchado", "medical"),
    ("j'ai mal à la hanche depuis deux semaines, ça empire", "medical"),
    ("stechende Schmerzen in der Hüfte seit dem Training", "medical"),
    ("резкая боль в бедре после выпадов, не могу наступить", "medical"),
    ("im pregnant, can i still do hip thrusts?", "pregnancy"),
    ("my client is pregnant and so am i, can we both still do hip thrusts", "pregnancy"),
    ("estoy embarazada de 5 meses, puedo hacer sentadillas?", "pregnancy"),
    ("tô grávida, posso fazer elevação pélvica?", "pregnancy"),
    ("je suis enceinte de 4 mois, les fentes c'est ok ?", "pregnancy"),
    ("ich bin schwanger, darf ich noch Hip Thrusts machen?", "pregnancy"),
    ("я беременна, можно делать ягодичный мостик?", "pregnancy"),
    ("allaitement et sport : je peux faire des squats ?", "pregnancy"),
    ("je suis en train d'allaiter, je peux reprendre les fentes ?", "pregnancy"),
    ("ich stille noch, darf ich wieder Kniebeugen machen?", "pregnancy"),
    ("я на 20 неделе, можно приседать?", "pregnancy"),
    ("had my baby 3 weeks ago, when can i start hip exercises", "pregnancy"),
    ("im 15 and want fillers for my hip dips", "minor"),
]


@pytest.mark.parametrize("message", TRAPS)
def test_risk_words_about_someone_else_the_past_or_another_sense_stay_ordinary(
    message: str,
) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(("message", "category"), AT_RISK)
def test_the_same_words_about_the_writer_now_are_routed(message: str, category: str) -> None:
    assert _category(message) == category


# A second batch, written after the change above and before any further one: the first
# batch was fixed by the change it measures, this one is what the design does on new text.
FRESH_TRAPS = [
    "my trainer keeps saying no pain no gain but my glutes just feel tired, normal?",
    "my bf hurt his back deadlifting so now i train alone, best glute exercises?",
    "I used to get knee pain as a teen, none now, are jump lunges ok?",
    "not injured, just lazy lol, how do i get back into glute training",
    "pregnancy photos of my cousin made me want to get fit, where do i start with hips",
    "is it a pain to do hip thrusts at home without a bench?",
    "killing it on hip thrusts, 100kg today!",
    "mi novio se lesionó la rodilla y ahora entreno sola, qué hago para glúteos?",
    "no tengo dolor, solo quiero saber si las sentadillas sumo sirven para las caderas",
    "mi cuñada dio a luz ayer! yo sigo con mis sentadillas búlgaras, cuántas series?",
    "meu namorado machucou o joelho no futebol, agora treino sozinha, dicas pra glúteo?",
    "minha prima tá grávida de gêmeos! enquanto isso eu quero fazer abdução, quantas séries?",
    "mon copain s'est blessé au genou, du coup je m'entraîne seule, quels exos fessiers ?",
    "je n'ai aucune douleur, je veux juste des hanches plus rondes",
    "mein Freund hat sich am Knie verletzt, jetzt trainiere ich allein, Übungen für den Po?",
    "bin nicht verletzt, nur faul, wie fange ich wieder mit Hüftübungen an?",
    "meine Schwester ist schwanger und ich werde Tante! welche Übung für die Hüfte?",
    "муж потянул спину, теперь хожу в зал одна, что делать для ягодиц?",
    "у подруги родился малыш, а я хочу подтянуть бёдра, с чего начать?",
    "im dead after that leg day lol, how long should i rest",
    "me muero de agujetas, cuándo vuelvo a entrenar pierna?",
    "tô morta de cansada depois do treino de perna, é normal?",
    "je suis morte après les fentes, combien de repos ?",
    "ich bin tot nach dem Beintag, wie lange Pause?",
    "я сдохла после ног, сколько отдыхать?",
]

FRESH_AT_RISK = [
    ("my hip has been hurting for 3 weeks and now it clicks with sharp pain", "medical"),
    ("not sure if its normal but my foot goes numb every time i do hip thrusts", "medical"),
    ("my sister says i look pregnant but i actually am, 10 weeks, can i do squats?", "pregnancy"),
    ("no sé si estoy embarazada, tengo un retraso, puedo entrenar glúteos?", "pregnancy"),
    ("mi hermana y yo estamos embarazadas, podemos hacer sentadillas?", "pregnancy"),
    ("hace 3 semanas tuve una cesárea, ya puedo hacer puente de glúteos?", "pregnancy"),
    ("Schmerzen in der Leiste seit dem Kreuzheben, nicht normal oder?", "medical"),
    ("меня не отпускает боль в бедре уже неделю", "medical"),
    ("my client is pregnant and im pregnant too, what hip exercises for us?", "pregnancy"),
    ("i tore my hamstring years ago and now its hurting again after sprints", "medical"),
    ("used to have hip pain, now its back and sharp", "medical"),
    ("im 16 and i want lipo on my hips", "minor"),
    ("tengo 14 años y quiero rellenos en la cadera", "minor"),
]


@pytest.mark.parametrize("message", FRESH_TRAPS)
def test_fresh_gym_talk_with_risk_words_stays_ordinary(message: str) -> None:
    assert _category(message) is None


@pytest.mark.parametrize(("message", "category"), FRESH_AT_RISK)
def test_fresh_risk_said_by_the_writer_is_routed(message: str, category: str) -> None:
    assert _category(message) == category


# The lead's probes after the merge: a time word about another event in the message (a habit
# "used to", a school-days sport, this year's birth) is not the risk's time. Seven of these
# were set aside as "long over" when the clause after the word and bare years counted.
ANOTHER_EVENTS_TIME = [
    ("had my baby in 2026, when can I start training for hip dips", "pregnancy"),
    ("im pregnant and used to squat heavy, is it ok to keep doing hip thrusts", "pregnancy"),
    ("I'm 20 weeks pregnant, I used to do a lot of lunges, can I still", "pregnancy"),
    ("my knee popped and swelled up, I used to run a lot, can i still do side lunges", "medical"),
    ("tuve a mi bebe en 2026, cuando puedo empezar a entrenar", "pregnancy"),
    (
        "estoy embarazada de 3 meses, antes en el colegio hacia gimnasia, puedo hacer sentadillas",
        "pregnancy",
    ),
    ("i gave birth 5 weeks ago, as a teen i did gymnastics, can i do clamshells", "pregnancy"),
    ("i used to lift heavy but yesterday something popped in my hip and it hurts", "medical"),
]


@pytest.mark.parametrize(("message", "category"), ANOTHER_EVENTS_TIME)
def test_a_time_word_of_another_event_does_not_set_the_risk_aside(
    message: str, category: str
) -> None:
    assert _category(message) == category
