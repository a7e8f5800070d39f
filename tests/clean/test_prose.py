"""Furniture rules never take an article's own prose: articles about accounts, logins, comments,
newsletters, cookies and subscriptions keep their sentences (analysis/clean/pages.py)."""

from __future__ import annotations

import polars as pl

from analysis.clean import clean_articles, clean_page
from analysis.corpus import RAW_ARTICLES, LoadedCorpus

# A transcript-like article on deleting Facebook accounts, every line of which a login-form rule
# matches ("delete your \S+ account", "you have a \S+ account", "push notifications", ...).
ACCOUNTS = [
    "How to Delete Your Facebook Account, Step by Step",
    "Millions of users asked this week how to delete your Facebook account after the company "
    "admitted that a researcher had taken the data of 50 million people.",
    "If you have a Facebook account and want to leave, the company offers two choices: "
    "deactivating it, which can be undone, or deleting it for good.",
    "Users who do not have a Facebook account can still be tracked by the company through the "
    "buttons on other websites, privacy researchers told lawmakers.",
    "Once your account has been deleted, the company says, it keeps some messages you sent to "
    "friends for up to 90 days.",
    "Those who forgot your password long ago can ask for a reset link by text message before "
    "they delete your Instagram account as well, a spokeswoman said.",
    "The app will also stop sending push notifications about friends' birthdays to accounts that "
    "were deactivated, the company said on Tuesday.",
]

# An article on comments, newsletters, cookies and subscriptions, with a "Community standards"
# paragraph that a tail rule matches.
MODERATION = [
    "Newspapers Rethink Comments, Cookies and Paywalls",
    "Several large newspapers closed the comment sections under their articles this year, "
    "saying moderators could no longer keep up with abuse.",
    "Community standards at the papers were rewritten after the election, and moderators now "
    "remove comments that threaten violence within an hour, the report said.",
    "Publishers in Europe must ask readers before they set advertising cookies, and many now "
    "show a banner that asks readers to accept or refuse them.",
    "Subscriptions have grown faster than advertising since 2017, and several papers now send a "
    "free daily newsletter to turn readers into paying subscribers.",
    "Readers who sign up for the newsletter are three times as likely to subscribe within a "
    "year, according to figures the publishers shared with the researchers.",
]


def _loaded(rows: dict[str, str], title: str | None = None) -> LoadedCorpus:
    frame = pl.DataFrame(
        [
            {"id": article_id, "outlet": "Example Times", "outlet_source": "manifest",
             "title": title, "date": None, "url": None, "path": f"{article_id}.txt",
             "raw_text": text}
            for article_id, text in rows.items()
        ],
        schema=RAW_ARTICLES.polars_schema(),
    )
    return LoadedCorpus(frame)


def test_an_article_about_deleting_accounts_keeps_every_line():
    page = clean_page("\n".join(ACCOUNTS), title=ACCOUNTS[0])
    assert [line.text for line in page.lines if not line.keep] == []
    assert not page.prose_restored


def test_an_article_about_deleting_accounts_is_analysed_not_skipped():
    cleaned = clean_articles(_loaded({"accounts": "\n".join(ACCOUNTS)}, title=ACCOUNTS[0]))
    assert cleaned.articles["id"].to_list() == ["accounts"]
    assert all(line in cleaned.articles["clean_text"][0] for line in ACCOUNTS)
    assert cleaned.warnings == []


def test_a_headline_about_accounts_goes_only_without_its_title():
    text = "\n".join(ACCOUNTS)
    assert clean_page(text, title=ACCOUNTS[0]).text.startswith(ACCOUNTS[0])
    # Without a title nothing tells the headline from an account form's link.
    assert clean_page(text).text.startswith(ACCOUNTS[1])


def test_an_article_in_one_line_about_accounts_is_kept():
    text = " ".join(ACCOUNTS[1:])
    assert clean_page(text).text == text


def test_an_article_about_comments_cookies_and_subscriptions_keeps_every_line():
    page = clean_page("\n".join(MODERATION))
    assert page.text.split("\n\n") == MODERATION


def test_a_login_form_between_furniture_lines_still_goes():
    page = clean_page("\n".join([
        *ACCOUNTS,
        "Delete account",
        "Are you sure you want to delete your Example.com account?",
        "YesNo",
        "Your account has been deleted! You can restore your account within 30 days by "
        "following the link we sent to your email address.",
        "Close",
    ]), title=ACCOUNTS[0])
    assert page.text.split("\n\n") == ACCOUNTS


def test_a_read_more_box_inside_an_article_takes_only_its_links():
    lines = [
        "Senators Return to the Gun Debate After the Shooting",
        MODERATION[1].replace("comment sections", "gun debate"),
        "The president will visit the city on Wednesday to meet survivors and first responders, "
        "the White House said in a statement.",
        "Read more:",
        "Congress faces paralysis on guns after the shooting",
        "The three gun bills to watch in Congress",
        "Polls show broad public support for extending background checks to all gun sales, "
        "including sales on the internet, a university survey found.",
        "From a political perspective, however, there appears to be little appetite in the "
        "Senate for changing these laws before the elections.",
    ]
    page = clean_page("\n".join(lines))
    removed = [line.text for line in page.lines if not line.keep]
    assert removed == lines[3:6]
    assert page.text.endswith("before the elections.")


def test_a_related_list_at_the_end_of_an_article_is_still_its_tail():
    lines = [
        ACCOUNTS[0],
        *ACCOUNTS[1:4],
        "Related:",
        "Facebook shares fall after the data scandal",
        "Lawmakers call the chief executive to testify",
        "— The author covers technology for the paper and has written two books about the "
        "internet and privacy.",
    ]
    page = clean_page("\n".join(lines), title=ACCOUNTS[0])
    assert [line.text for line in page.lines if not line.keep] == lines[4:]


def test_when_rules_would_take_most_of_an_article_its_sentences_stay_with_a_warning():
    # "Comments" here is a subheading of the article, not the start of a comment section.
    text = "\n".join([
        MODERATION[0],
        MODERATION[1],
        "Comments",
        *MODERATION[2:],
        "Readers who left comments under the paper's articles in the spring were asked by email "
        "whether they would pay to keep commenting, and most said they would not.",
    ])
    page = clean_page(text)
    assert page.prose_restored
    assert [line.text for line in page.lines if not line.keep] == ["Comments"]
    cleaned = clean_articles(_loaded({"moderation": text}))
    assert cleaned.articles["clean_text"][0] == page.text
    assert [str(warning) for warning in cleaned.warnings] == [
        "moderation.txt: page-furniture rules would have removed most of its text: its "
        "sentences were kept; check it"
    ]
