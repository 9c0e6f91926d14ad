# A 50-line everyday script: a small inventory report with classes, dicts, sorting and formatting.
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    quantity: int

    @property
    def value(self):
        return self.price * self.quantity


def parse(lines):
    items = []
    for line in lines:
        name, price, quantity = line.split(",")
        items.append(Item(name.strip(), float(price), int(quantity)))
    return items


def report(items, threshold):
    low_stock = [item.name for item in items if item.quantity < threshold]
    by_value = sorted(items, key=lambda item: item.value, reverse=True)
    total = sum(item.value for item in items)
    lines = [f"{item.name:<10} {item.value:>9.2f}" for item in by_value]
    return total, low_stock, lines


def categorise(items):
    groups = {}
    for item in items:
        key = "cheap" if item.price < 5 else "pricey"
        groups.setdefault(key, []).append(item.name)
    return groups


RAW = [
    "apple, 0.5, 120", "pear, 0.75, 80", "melon, 3.2, 12", "coffee, 9.5, 30",
    "tea, 4.25, 45", "bread, 2.1, 6", "cheese, 12.0, 9", "olive oil, 8.75, 14",
]

items = parse(RAW)
total, low_stock, lines = report(items, threshold=10)
groups = categorise(items)
print("\n".join(lines))
print(f"total stock value: {total:.2f}")
print("low stock:", ", ".join(low_stock))
print(groups)
