"""A short tour of what Runlens shows: run `npm start`, or open this file in VS Code."""


def mean(values):
    total = 0
    for value in values:
        total += value
    return total / len(values)


def word_counts(text):
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,!?")
        counts[word] = counts.get(word, 0) + 1
    return counts


def first_negative(numbers):
    """
    >>> first_negative([3, -1, 2])
    -1
    """
    for n in numbers:
        if n < 0:
            return n
    return None


temperatures = [21.5, 23.0, 19.5, 24.0]
average = mean(temperatures)
counts = word_counts("The cat saw the dog. The dog ran!")
busiest = max(counts, key=counts.get)
print(f"average {average:.1f}, most common word: {busiest!r}")

squares = [n * n for n in range(6)]
evens = [s for s in squares if s % 2 == 0]
print("even squares:", evens)

ratio = mean([])
