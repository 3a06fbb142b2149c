import pytest

from minga.accounts.models import Role
from minga.testing import factories as f


@pytest.fixture
def moderator(db):
    user = f.make_user("moderator@example.org", display_name="Mona Moderator")
    f.grant(user, Role.MODERATOR)
    return user


@pytest.fixture
def reporters(db):
    return [f.make_user(f"reporter{i}@example.org") for i in range(4)]
