"""Our HTML fragments read back as blocks: paragraphs of runs, headings, list items, tables on their grid."""

from __future__ import annotations

from govreport.present.markup import Block, Cell, Grid, Run, blocks


def test_a_paragraph_keeps_its_emphasis_and_line_breaks_and_drops_the_markups_whitespace():
    runs = (Run("第一句，"), Run("加粗", bold=True), Run("与"), Run("斜体", italic=True), Run("。"))
    assert blocks("<p>\n  第一句，<strong>加粗</strong>与<em>斜体</em>。<br>第二行\n</p>") == [
        Block("paragraph", (*runs, Run("\n"), Run("第二行")))
    ]


def test_headings_lists_and_quotes_are_blocks_of_their_kind():
    found = blocks(
        '<h3>（一）小标题</h3><ol start="2"><li>二</li><li><p>三</p></li></ol><ul><li>要点</li></ul>'
        "<blockquote><p>引文</p></blockquote>"
    )
    assert [(b.kind, b.level, b.text) for b in found] == [
        ("heading", 3, "（一）小标题"),
        ("item", 0, "2. 二"),
        ("item", 0, "3. 三"),
        ("item", 0, "• 要点"),
        ("quote", 0, "引文"),
    ]


def test_an_empty_fragment_has_no_blocks():
    assert blocks("") == [] and blocks("<p>  </p>") == []


def test_cells_are_placed_where_the_spans_above_and_to_the_left_leave_room():
    # Worked by hand: A spans two rows and B two columns; C and D fill row 2 right of A.
    html = (
        '<table><thead><tr><th rowspan="2" class="note">A</th><th colspan="2">B</th></tr>'
        "<tr><th>C</th><th>D</th></tr></thead>"
        '<tbody><tr><th class="label">E</th><td class="num">1</td><td class="num">2</td></tr></tbody></table>'
    )
    (grid,) = blocks(html)
    assert grid == Grid(
        (
            Cell("A", 0, 0, rowspan=2, kind="note", header=True),
            Cell("B", 0, 1, colspan=2, header=True),
            Cell("C", 1, 1, header=True),
            Cell("D", 1, 2, header=True),
            Cell("E", 2, 0, kind="label", header=True),
            Cell("1", 2, 1, kind="num"),
            Cell("2", 2, 2, kind="num"),
        ),
        rows=3,
        columns=3,
        head=2,
    )


def test_a_span_past_the_last_row_stops_there():
    (grid,) = blocks('<table><tr><td rowspan="9">A</td><td>B</td></tr><tr><td>C</td></tr></table>')
    assert grid.cells[0].rowspan == 2 and grid.cells[2] == Cell("C", 1, 1)
