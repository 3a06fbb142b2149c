from types import SimpleNamespace

from minga.core import links


def test_providers_are_asked_once_for_all_objects_and_merged() -> None:
    calls: list[list[int]] = []

    def first(objects):
        calls.append([o.pk for o in objects])
        return {1: [links.Link("A", "one", "/1/")]}

    def second(objects):
        return {1: [links.Link("B", "two", "/2/")], 2: [links.Link("B", "three", "/3/")]}

    objects = [SimpleNamespace(pk=1), SimpleNamespace(pk=2), SimpleNamespace(pk=3)]
    links.register("test.place", first)
    links.register("test.place", first)  # registering twice changes nothing
    links.register("test.place", second)
    try:
        links.attach("test.place", objects)
        assert calls == [[1, 2, 3]]
        assert [link.text for link in objects[0].extra_links] == ["one", "two"]
        assert [link.url for link in objects[1].extra_links] == ["/3/"]
        assert objects[2].extra_links == []
        assert links.for_objects("test.place", []) == {}
        assert links.for_objects("nowhere", objects) == {}
    finally:
        links.unregister("test.place", first)
        links.unregister("test.place", second)
    assert links.for_objects("test.place", objects) == {}
