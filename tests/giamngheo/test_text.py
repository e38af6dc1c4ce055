from giamngheo.text import fold, name_sort_key, normalize_text


def test_fold_drops_diacritics_and_d_stroke():
    assert fold("Nguyễn Thị Hồng Nhung") == "nguyen thi hong nhung"
    assert fold("ĐỒNG THÁP") == "dong thap"


def test_fold_and_normalize_treat_decomposed_input_as_the_same_name():
    decomposed = "Nguye\u0302\u0303n"
    assert normalize_text(decomposed) == "Nguyễn"
    assert fold(decomposed) == "nguyen"


def test_normalize_collapses_whitespace():
    assert normalize_text("  Trần   Văn\tAn ") == "Trần Văn An"


def test_names_sort_by_given_name_in_vietnamese_alphabet_order():
    names = ["Nguyễn Văn Đức", "Trần Thị Anh", "Lê Văn Dũng", "Phạm Ăn", "Đỗ Thị Ân", "Lê An", "Nguyễn Văn Ánh"]
    assert sorted(names, key=name_sort_key) == [
        "Lê An",
        "Trần Thị Anh",
        "Nguyễn Văn Ánh",
        "Phạm Ăn",
        "Đỗ Thị Ân",
        "Lê Văn Dũng",
        "Nguyễn Văn Đức",
    ]


def test_same_given_name_sorts_by_family_name():
    assert sorted(["Trần Văn An", "Bùi Văn An", "Đặng Văn An"], key=name_sort_key) == [
        "Bùi Văn An",
        "Đặng Văn An",
        "Trần Văn An",
    ]
