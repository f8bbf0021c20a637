"""Forms of the search's admin: best bets and synonyms (formsets of one site's
rows, or the cluster's), the word list, the statistics' filter."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from ..lexicon import split_terms
from ..models import BestBet, SearchWord, Synonym, WordKind
from ..segment import fold

MAX_TERM = 30
WORD_SPLIT_RE = re.compile(r"[\n\r,，、;；]+")
URL_RE = re.compile(r"^(/|https?://)\S*$")
MAX_WORDS = 1000


class BestBetForm(forms.ModelForm):
    """One 推荐结果: a page of the site (or any site for the cluster's) or a link."""

    class Meta:
        model = BestBet
        fields = ["query", "page", "url", "title", "description", "sort_order",
                  "is_active"]  # fmt: skip
        widgets = {
            "query": forms.TextInput(attrs={"aria-label": _("搜索词")}),
            "page": AdminPageChooser(),
            "url": forms.TextInput(
                attrs={"placeholder": _("链接"), "aria-label": _("链接")}
            ),
            "title": forms.TextInput(
                attrs={
                    "placeholder": _("标题（选了页面可不填）"),
                    "aria-label": _("标题"),
                }
            ),
            "description": forms.TextInput(attrs={"aria-label": _("说明")}),
            "sort_order": forms.NumberInput(attrs={"aria-label": _("排序")}),
        }

    def __init__(self, *args, site=None, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def clean_query(self):
        query = " ".join(self.cleaned_data["query"].split())
        if not fold(query).strip():
            raise forms.ValidationError(gettext("请填写搜索词。"))
        return query

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and not URL_RE.match(url):
            raise forms.ValidationError(
                gettext("链接须以 / 或 http:// 、https:// 开头，且不含空格。")
            )
        return url

    def clean_page(self):
        page = self.cleaned_data.get("page")
        if page is None:
            return page
        if not page.live:
            raise forms.ValidationError(gettext("所选页面尚未发布，不能作为推荐结果。"))
        if (
            self.site is not None
            and not Page.objects.filter(
                pk=page.pk, path__startswith=self.site.root_page.path
            ).exists()
        ):
            raise forms.ValidationError(
                gettext("所选页面不属于本站点，请选择本站点的页面。")
            )
        return page

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("page") is None and not data.get("url"):
            raise forms.ValidationError(gettext("请选择一个页面，或者填写链接。"))
        if data.get("page") is None and not data.get("title"):
            self.add_error("title", gettext("填写链接时须填写标题。"))
        return data


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["terms", "is_active"]
        widgets = {
            "terms": forms.TextInput(attrs={"aria-label": _("同义词组"), "size": 60})
        }

    def clean_terms(self):
        terms = split_terms(self.cleaned_data["terms"])
        if len(set(terms)) < 2:
            raise forms.ValidationError(
                gettext("同义词组至少需要两个不同的词，用逗号或空格分隔。")
            )
        long = [t for t in terms if len(t) > MAX_TERM]
        if long:
            raise forms.ValidationError(
                gettext("词语不能超过 %(n)d 个字：%(terms)s")
                % {"n": MAX_TERM, "terms": "、".join(long)}
            )
        return "，".join(dict.fromkeys(terms))


class RowsFormSet(forms.BaseModelFormSet):
    """Rows of one site (its ``site`` given to each form)."""

    def __init__(self, *args, site=None, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "site": self.site}


class SynonymRowsFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, site=None, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        seen: dict[str, int] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            for term in split_terms(form.cleaned_data.get("terms", "")):
                seen[term] = seen.get(term, 0) + 1
        twice = sorted(t for t, n in seen.items() if n > 1)
        if twice:
            raise forms.ValidationError(
                gettext("同一个词不能出现在两个同义词组里：%(terms)s")
                % {"terms": "、".join(twice)}
            )


BestBetFormSet = forms.modelformset_factory(
    BestBet, form=BestBetForm, formset=RowsFormSet, extra=3, can_delete=True
)
SynonymFormSet = forms.modelformset_factory(
    Synonym, form=SynonymForm, formset=SynonymRowsFormSet, extra=3, can_delete=True
)


class WordsAddForm(forms.Form):
    words = forms.CharField(
        label=_("新增词语"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个，也可用逗号或顿号分隔；每个词 2 至 30 个字。"),
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=WordKind.choices, initial=WordKind.OTHER
    )

    def clean_words(self):
        words = [
            fold(w).strip() for w in WORD_SPLIT_RE.split(self.cleaned_data["words"])
        ]
        words = [w for w in words if w]
        bad = [w for w in words if len(w) < 2 or len(w) > MAX_TERM or " " in w]
        if bad:
            raise forms.ValidationError(
                gettext(
                    "以下词语不符合要求（每个词 2 至 30 个字，不含空格）：%(words)s"
                )
                % {"words": "、".join(bad[:20])}
            )
        if not words:
            raise forms.ValidationError(gettext("请填写要添加的词语。"))
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(
                gettext("一次最多添加 %(n)d 个词语。") % {"n": MAX_WORDS}
            )
        return list(dict.fromkeys(words))


class WordsFilterForm(forms.Form):
    q = forms.CharField(label=_("查找词语"), required=False, max_length=30)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *WordKind.choices]
    )

    def filter(self, rows):
        if not self.is_valid():
            return rows
        if self.cleaned_data["q"]:
            rows = rows.filter(word__contains=fold(self.cleaned_data["q"]).strip())
        if self.cleaned_data["kind"]:
            rows = rows.filter(kind=self.cleaned_data["kind"])
        return rows


class WordsDeleteForm(forms.Form):
    ids = forms.ModelMultipleChoiceField(
        queryset=SearchWord.objects.all(),
        error_messages={"required": _("请先勾选要删除的词语。")},
    )
