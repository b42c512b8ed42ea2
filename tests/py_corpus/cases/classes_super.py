# Classes beyond exceptions: __init__, methods, class attributes, instance
# attributes shadowing them, inheritance with super(), __str__/__repr__,
# and exception subclasses with their own __init__ and __str__.
import asyncio


class Animal:
    kind = "animal"
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return f"{self.name} makes a sound"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Dog(Animal):
    kind = "dog"

    def __init__(self, name, trick):
        super().__init__(name)
        self.trick = trick

    def speak(self):
        base = super().speak()
        return base + " and barks"

    def __str__(self):
        return f"Dog {self.name} who can {self.trick}"


class Puppy(Dog):
    def speak(self):
        return super().speak().upper()


class AppError(Exception):
    def __init__(self, code, detail):
        super().__init__(f"code {code}")
        self.code = code
        self.detail = detail

    def __str__(self):
        return f"[{self.code}] {self.detail}"


class QuietError(AppError):
    pass


class Counter:
    def __init__(self):
        self.value = 0

    async def bump(self, by):
        await asyncio.sleep(by)
        self.value += by
        return self.value


async def main():
    a = Animal("generic")
    d = Dog("rex", "sit")
    p = Puppy("bit", "roll")
    print(a.speak())
    print(d.speak())
    print(p.speak())
    print(repr(d), str(d), [a, d, p])
    print(Animal.kind, Dog.kind, p.kind, Animal.count)
    d.kind = "good dog"
    print(d.kind, Dog.kind, isinstance(p, Animal), isinstance(a, Dog))
    try:
        raise AppError(404, "not found")
    except AppError as e:
        print("caught", e, repr(e), e.args, e.code)
    try:
        raise QuietError(500, "quiet")
    except Exception as e:
        print("caught", type(e).__name__, str(e), e.detail)
    c = Counter()
    results = await asyncio.gather(c.bump(2), c.bump(1))
    print(results, c.value)


asyncio.run(main())
