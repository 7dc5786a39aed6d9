"""The funnel guides as data: the demo trees load; a malformed tree is refused, naming the node."""

from __future__ import annotations

import time

import pytest

from server.guides.trees import GuideError, load_directory, load_guide
from tests.kiosk.guide_data import (
    GUIDES_DIR,
    LICENSES,
    demo_item_codes,
    generated_guides,
    small_guide,
    t,
)


@pytest.fixture(scope="module")
def demo():
    return load_directory(GUIDES_DIR, known_items=demo_item_codes())


def labels(node) -> list[str]:
    return [o.label.zh for o in node.options]


def test_the_demo_guides_load_and_cover_the_eight_license_items(demo):
    assert demo.errors == []
    items = set().union(*(g.item_codes() for g in demo.ordered()))
    assert items == set(LICENSES)
    for guide in demo.ordered():
        assert guide.nodes[guide.start].step == "format", guide.id
        for node in guide.nodes.values():
            if node.question:
                assert node.question.zh and node.question.en, node.id
            if node.scenario:
                assert node.scenario.materials and node.scenario.form_fields, node.id


def test_opening_a_supermarket_branches_on_size_sales_and_food_made_on_site(demo):
    food = demo.guides["food"]
    start = food.nodes[food.start]
    supermarket = food.nodes[start.options[labels(start).index("超市")].next]
    assert [label[:2] for label in labels(supermarket)] == ["大型", "标准", "小型"]
    large_mode = food.nodes[supermarket.options[0].next]
    assert labels(large_mode) == ["零售", "批发兼零售"]
    on_site = food.nodes[large_mode.options[0].next]
    assert on_site.step == "situation" and len(on_site.options) == 2

    made = food.walk([0, 0, 0, 0])
    bought = food.walk([0, 0, 0, 1])
    assert made.leaf.id != bought.leaf.id
    assert "food_distribution_license" in made.scenario.items
    assert any("流程" in m.zh for m in made.scenario.materials)
    assert not any("流程" in m.zh for m in bought.scenario.materials)
    small = food.walk([0, 2, 1])
    assert small.scenario.title.en.startswith("Small supermarket")
    form = {f.key: v for f, v in small.filled_form()}
    assert form["scale"].zh == "小型超市" and form["sales_mode"].en == "Retail"
    assert form["operator_name"] is None  # written by hand


def test_a_walk_fills_the_form_from_the_answers():
    guide = load_guide(small_guide(), known_items=LICENSES)
    walk = guide.walk([0, 0])
    assert walk.scenario.title.en == "Bakery baking on site"
    form = {f.key: v for f, v in walk.filled_form()}
    assert form["format"].zh == "面包店"
    assert form["baking"].en == "Baked on site"  # the option's value, not its label
    assert form["kind"].zh == "食品" and form["name"] is None


@pytest.mark.parametrize("answers, message", [
    ([0], "stop before a scenario"),
    ([0, 5], "option 5"),
    ([0, 0, 0], "already reached a scenario"),
])
def test_answers_that_do_not_lead_to_a_scenario_are_refused(answers, message):
    guide = load_guide(small_guide(), known_items=LICENSES)
    with pytest.raises(ValueError, match=message):
        guide.walk(answers)


def refused(data, known=LICENSES) -> GuideError:
    with pytest.raises(GuideError) as caught:
        load_guide(data, known_items=known)
    return caught.value


def test_a_question_without_options_is_a_dead_end_named():
    data = small_guide()
    data["nodes"]["baking"]["options"] = []
    error = refused(data)
    assert error.node == "baking" and "dead end" in str(error)


def test_an_option_leading_nowhere_is_a_dead_end_named():
    data = small_guide()
    del data["nodes"]["baking"]["options"][1]["next"]
    error = refused(data)
    assert error.node == "baking" and "dead end" in str(error) and "否" in str(error)


def test_a_scenario_without_items_is_a_dead_end_named():
    data = small_guide()
    data["nodes"]["bought"]["scenario"]["items"] = []
    error = refused(data)
    assert error.node == "bought" and "dead end" in str(error)


def test_a_loop_is_refused_naming_the_node_that_closes_it():
    data = small_guide()
    data["nodes"]["baking"]["options"][1]["next"] = "format"
    error = refused(data)
    assert error.node == "baking"
    assert "loop: format -> baking -> format" in str(error)


def test_an_unknown_item_is_refused_naming_the_node_and_the_item():
    data = small_guide()
    data["nodes"]["baked"]["scenario"]["items"] = ["food_distribution_license", "bakery_permit"]
    error = refused(data)
    assert error.node == "baked" and "'bakery_permit' is not in the catalogue" in str(error)


def test_an_option_to_a_missing_node_is_refused():
    data = small_guide()
    data["nodes"]["format"]["options"][0]["next"] = "bakin"
    error = refused(data)
    assert error.node == "format" and "'bakin'" in str(error)


def test_a_node_no_path_reaches_is_refused():
    data = small_guide()
    data["nodes"]["orphan"] = {"scenario": {"title": t("孤儿", "Orphan"),
                                            "items": ["food_distribution_license"]}}
    error = refused(data)
    assert error.node == "orphan" and "no path" in str(error)


def test_a_form_field_from_a_question_not_asked_on_every_path_is_refused():
    data = small_guide()
    data["nodes"]["format"]["options"].append({"label": t("蛋糕店", "Cake shop"),
                                               "next": "baked"})  # never asked about baking
    error = refused(data)
    assert error.node == "baked" and "'baking'" in str(error) and "every path" in str(error)


def test_a_text_without_english_is_refused():
    data = small_guide()
    data["nodes"]["baking"]["question"] = {"zh": "现场烘焙吗？"}
    error = refused(data)
    assert error.node == "baking" and "no en text" in str(error)


def test_a_node_with_both_question_and_scenario_is_refused():
    data = small_guide()
    data["nodes"]["bought"]["question"] = t("还有？", "More?")
    assert refused(data).node == "bought"


def test_a_broken_file_in_the_folder_is_refused_and_the_others_served(tmp_path):
    import yaml

    (tmp_path / "bakery.yaml").write_text(yaml.safe_dump(small_guide(), allow_unicode=True))
    broken = small_guide()
    broken["id"] = "bakery-loop"
    broken["nodes"]["baking"]["options"][0]["next"] = "baking"
    (tmp_path / "loop.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True))
    (tmp_path / "bad.yaml").write_text("id: [unclosed")
    loaded = load_directory(tmp_path, known_items=LICENSES)
    assert list(loaded.guides) == ["bakery"]
    assert sorted((e.guide, e.node) for e in loaded.errors) == [
        ("bad", None), ("bakery-loop", "baking")]


def test_the_seed_scale_loads_with_room_to_spare():
    """8 items, 27 formats, 63 scenarios, as in the seed; then ten times that."""
    for formats, scenarios, budget in ((27, 63, 0.5), (270, 630, 2.0)):
        started = time.perf_counter()
        guides = [load_guide(g, known_items=LICENSES)
                  for g in generated_guides(formats, scenarios)]
        trees = [g.unfold() for g in guides]
        elapsed = time.perf_counter() - started
        stats = [g.stats() for g in guides]
        assert sum(s.formats for s in stats) == formats
        assert sum(s.scenarios for s in stats) == scenarios
        assert set().union(*(s.items for s in stats)) == set(LICENSES)
        assert len(trees) == 8 and elapsed < budget, elapsed
        last = guides[-1]
        walk = last.walk([len(last.nodes[last.start].options) - 1, 0, 1])
        assert walk.scenario.items == (LICENSES[-1],)
        assert {f.key: v.en for f, v in walk.filled_form()}["situation"] == "No"


def test_qms_guides_check_names_the_faulty_node(database, tmp_path):
    import shutil

    import yaml
    from click.testing import CliRunner

    from server.cli import main
    from server.config import CONFIG_DIR
    from server.demo import load_catalogue, read_yaml

    with database.transaction() as session:
        load_catalogue(session=session, data=read_yaml(CONFIG_DIR / "demo" / "catalogue.yaml"))
    env = {"DATABASE_URL": database.url, "QMS_INSTANCE_PATH": str(tmp_path)}
    runner = CliRunner()
    ok = runner.invoke(main, ["guides", "check"], env=env)
    assert ok.exit_code == 0 and "food" in ok.output and "20 scenarios" in ok.output

    folder = tmp_path / "guides"
    shutil.copytree(GUIDES_DIR, folder)
    data = yaml.safe_load((folder / "drugs.yaml").read_text("utf-8"))
    data["nodes"]["pharmacy"]["scenario"]["items"] = ["drug_retail_licence"]
    (folder / "drugs.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    bad = runner.invoke(main, ["guides", "check", "--dir", str(folder)], env=env)
    assert bad.exit_code == 1
    assert "node 'pharmacy'" in bad.output and "'drug_retail_licence'" in bad.output
