# An object-oriented script: 100 particles stepped 500 times, 4 method calls a step: 200,000 method
# calls on small objects (plus 301 constructors).
class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add_scaled(self, other, factor):
        self.x += other.x * factor
        self.y += other.y * factor

    def length_squared(self):
        return self.x * self.x + self.y * self.y


GRAVITY = Vector(0.0, -9.81)


class Particle:
    def __init__(self, x, y):
        self.position = Vector(x, y)
        self.velocity = Vector(1.0, 0.5)

    def step(self, dt):
        self.position.add_scaled(self.velocity, dt)
        self.velocity.add_scaled(GRAVITY, dt)
        return self.position.length_squared()


particles = [Particle(i, -i) for i in range(100)]
energy = 0.0
for tick in range(500):
    for particle in particles:
        energy += particle.step(0.01)
print(round(energy, 2))
