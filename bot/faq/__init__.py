"""FAQ: answers from the knowledge base, with safety routing first, in six languages."""
