# property (with a setter, read-only, through super()), staticmethod and
# classmethod (also on a coroutine), read through instances, classes and
# super(), which binds a classmethod to the class it was asked for.
import asyncio


class Account:
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account.count += 1

    @property
    def balance(self):
        print("reading", self.owner)
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative balance")
        self._balance = value

    @property
    def label(self):
        return self.owner.upper()

    @staticmethod
    def fee(amount):
        return amount // 100

    @classmethod
    def opened(cls):
        return cls.__name__ + ": " + str(cls.count)

    @classmethod
    async def open_later(cls, owner, delay):
        await asyncio.sleep(delay)
        return cls(owner)


class Savings(Account):
    @property
    def balance(self):
        return super().balance * 2


class Base:
    @classmethod
    def who(cls):
        return cls.__name__

    @property
    def kind(self):
        return type(self).__name__


class Derived(Base):
    @classmethod
    def who(cls):
        return "Derived sees " + super().who()

    def base_kind(self):
        return super().kind

    def base_who(self):
        return super().who()


async def main():
    a = Account("ann", 50)
    print(a.balance)
    a.balance = 70
    print(a.balance)
    try:
        a.balance = -1
    except ValueError as e:
        print("ValueError", e)
    try:
        a.label = "x"
    except AttributeError as e:
        print("AttributeError", e)
    print(Account.fee(250), a.fee(999))
    print(Account.opened(), a.opened())
    b = await Account.open_later("bob", 0.5)
    print(b.owner, Account.count, Savings.opened())
    s = Savings("sue", 10)
    print(s.balance)
    print(type(Account.balance).__name__, Account.label.fget(a))
    print(Derived.who(), Derived().who(), Derived().base_kind(), Derived().base_who())


asyncio.run(main())
