"""Where the question is in a message: its sides when it offers a choice."""

from faq.question import alternatives


def test_a_choice_is_cut_in_two_but_a_yes_or_no_is_not() -> None:
    assert alternatives("Vậy cháu có được miễn học phí hay được hỗ trợ chi phí học tập không?") == [
        "vậy cháu có được miễn học phí",
        "được hỗ trợ chi phí học tập không",
    ]
    assert alternatives("ho ngheo sua nha hoac xay moi duoc bao nhieu") == [
        "ho ngheo sua nha",
        "xay moi duoc bao nhieu",
    ]
    assert alternatives("hộ nghèo có được vay vốn hay không?") == []
    # Two asking sentences are two questions already (matcher._with_second_question).
    assert alternatives("Nhà nước đóng hết hay tôi phải đóng? Nộp ở đâu?") == []
