"""Copy a baseline's list definition into a draft's numbering part, so a tracked change can record that a
paragraph was numbered automatically in the baseline (w:pPrChange holding the baseline's w:numPr)."""
from __future__ import annotations

import copy

from lxml import etree

from .names import w


def _max_id(root: etree._Element, tag: str, attribute: str) -> int:
    return max((int(v) for el in root.iterchildren(w(tag)) if (v := el.get(w(attribute), "")).isdigit()),
               default=0)


def copy_list(base: etree._Element, draft: etree._Element, num_id: int, abstract_id: int,
              copied: dict[tuple[str, int], int]) -> int:
    """The draft's numId for the baseline's w:num `num_id` (whose levels abstractNum `abstract_id` defines),
    copying both into `draft` once; `copied` remembers what was copied."""
    if ("num", num_id) in copied:
        return copied["num", num_id]
    if ("abstract", abstract_id) not in copied:
        source = next(el for el in base.iterchildren(w("abstractNum")) if el.get(w("abstractNumId")) == str(abstract_id))
        abstract = copy.deepcopy(source)
        for link in abstract.findall(w("numStyleLink")) + abstract.findall(w("styleLink")) + abstract.findall(w("nsid")):
            abstract.remove(link)
        new_abstract = _max_id(draft, "abstractNum", "abstractNumId") + 1
        abstract.set(w("abstractNumId"), str(new_abstract))
        first_num = draft.find(w("num"))
        (first_num.addprevious(abstract) if first_num is not None else draft.append(abstract))
        copied["abstract", abstract_id] = new_abstract
    num = copy.deepcopy(next(el for el in base.iterchildren(w("num")) if el.get(w("numId")) == str(num_id)))
    new_num = _max_id(draft, "num", "numId") + 1
    num.set(w("numId"), str(new_num))
    num.find(w("abstractNumId")).set(w("val"), str(copied["abstract", abstract_id]))
    later = [el for el in draft if el.tag == w("numIdMacAtCleanup")]
    (later[0].addprevious(num) if later else draft.append(num))
    copied["num", num_id] = new_num
    return new_num
