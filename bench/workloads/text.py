# Text processing: split, normalise, count and format a generated corpus of ~200,000 words.
import re
from collections import Counter

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "A journey of a thousand miles begins with a single step!",
    "To be, or not to be: that is the question.",
    "All that glitters is not gold; all who wander are not lost.",
]


def corpus(repeats):
    return " ".join(SENTENCES[i % len(SENTENCES)] for i in range(repeats))


def tokens(text):
    return [word.lower() for word in re.findall(r"[A-Za-z']+", text)]


def summarise(words):
    counts = Counter(words)
    longest = max(words, key=len)
    lines = [f"{word:>10} {count:6d}" for word, count in counts.most_common(8)]
    return longest, lines


text = corpus(20_000)
words = tokens(text)
longest, lines = summarise(words)
print(len(words), "words; longest:", longest)
print("\n".join(lines))
