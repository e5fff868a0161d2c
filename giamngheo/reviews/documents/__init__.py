"""The printable official documents of the review procedure (Decision 24/2021/QĐ-TTg, Circular 07/2021/TT-BLĐTBXH).

The list of households to review (Phụ lục I), the village meeting's minutes, the public posting list, the chairman's
decision with its four lists (Mẫu 02), the certificates (Mẫu 03) and the written refusal. They are official
documents, so every word in them is Vietnamese and none goes through gettext. Views call these functions and send
the bytes; nothing here checks access or writes.

One module per kind of document: review_list.py (Phụ lục I), minutes.py, posting.py, decisions.py (Mẫu 02 and its
lists), certificates.py (Mẫu 03), refusals.py; rendering.py holds what they share (the heading, the signatures, the
legal bases) and sheets.py the Excel layout of the lists.
"""
