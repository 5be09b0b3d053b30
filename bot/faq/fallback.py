"""What the FAQ says when it has no answer: the fallback, and redirects for lookalikes.

Marked with N_ for the catalogues; translated where shown (bot/faq/localise.py)."""

from bot.i18n import N_

FALLBACK_TEXT = N_(
    "Sorry, I don't have a good answer for that. I only know about hip dips and training "
    "the hips.\n\n"
    "You can ask me about:\n"
    "- what hip dips are, what causes them, and whether they can go away\n"
    "- the best exercises, with step-by-step how-tos\n"
    "- sets, reps, how often to train, rest and how long results take\n"
    "- protein, calories and hydration\n"
    "- clothing, posing, posture and body image\n"
    "- surgery, fillers and creams\n"
    "- hip dips in men, in athletes, and how to get them\n\n"
    'Try a question like "what are the best exercises for hip dips?"'
)
REDIRECTS = {
    "medical-condition": N_(
        "That sounds like a question about a hip condition or an operation on the joint, "
        "which only a doctor or physiotherapist who knows your case can answer well. "
        "I can help with hip dips and training the hips once you're cleared to train."
    ),
    "other-dips": N_("I think you mean a different kind of dip: I only know about hip dips."),
    "food": N_("I think you mean a different kind of dip: I only know about hip dips."),
    # "dips" alone, which the learned model did not take for a hip dip either
    "bare-dip": N_("I think you mean a different kind of dip: I only know about hip dips."),
    "music": N_("I only know about hip dips and training the hips."),
    "other": N_("I only know about hip dips and training the hips."),
    "other-body": N_("I only know about hip dips and training the hips, not other body parts."),
}
FALLBACK_SUGGESTIONS = ("what-are-hip-dips", "can-you-get-rid-of-hip-dips", "best-exercises")
