"""Sections, contact details and roles on hand-made lines."""

from __future__ import annotations

from support.lines import mk_lines, section

from screener.model import month_index, ym
from screener.parse.contact import find_contact, find_name, normalise_name
from screener.parse.dates import month_span
from screener.parse.roles import mark_academic, parse_roles
from screener.parse.sections import find_sections, heading_key

HEADINGS = {
    "experience": "experience",
    "work experience": "experience",
    "skills": "skills",
    "education": "education",
    "experiência profissional": "experience",
    "formação acadêmica": "education",
    "habilidades": "skills",
    "projects": "projects",
    "summary": "summary",
    "publications": "publications",
}
NOW = month_index(2026, 10)


def span(role) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    first, last = month_span(role.dates, NOW)  # type: ignore[misc]
    return ym(first), ym(last)


# ------------------------------------------------------------------ sections


def test_heading_key_folds_case_punctuation_and_parentheses() -> None:
    assert heading_key("WORK  EXPERIENCE:") == "work experience"
    assert heading_key("Skills & Tools") == "skills and tools"
    assert heading_key("Publications (selected)") == "publications"


def test_known_headings_split_sections_and_same_style_unknown_headings_are_kept() -> None:
    lines = mk_lines(
        ("Jane Doe", 20, True),
        "jane@example.com",
        ("EXPERIENCE", 12, True),
        "Engineer, Acme",
        ("HOBBIES AND CURIOSITIES", 12, True),
        "Chess",
        ("SKILLS", 12, True),
        "Python",
    )
    sections = find_sections(lines, HEADINGS, name_line=1)
    assert [(s.kind, s.heading) for s in sections] == [
        ("header", ""),
        ("experience", "EXPERIENCE"),
        ("other", "HOBBIES AND CURIOSITIES"),
        ("skills", "SKILLS"),
    ]
    assert [ln.text for ln in sections[2].lines] == ["Chess"]


def test_portuguese_headings_are_recognised() -> None:
    lines = mk_lines(
        ("Mariana Souza", 20, True),
        ("Experiência Profissional", 12, True),
        "Engenheira de IA",
        ("Formação Acadêmica", 12, True),
        "USP",
        ("Habilidades", 12, True),
        "Python",
    )
    kinds = [s.kind for s in find_sections(lines, HEADINGS, name_line=1)]
    assert kinds == ["header", "experience", "education", "skills"]


def test_a_sentence_is_never_a_heading() -> None:
    lines = mk_lines(("Skills", 12, True), "Experience with Python and SQL.", ("Education", 12, True), "BSc")
    assert [s.kind for s in find_sections(lines, HEADINGS)] == ["skills", "education"]


# ------------------------------------------------------------------ contact


def test_name_is_the_large_line_not_a_banner_or_title() -> None:
    lines = mk_lines(
        ("Last updated in Mar 2026", 8, False),
        ("MARÍA JOSÉ PEÑA", 22, True),
        ("Senior AI Engineer", 12, False),
        "maria.pena@example.com | +55 11 91234-5678",
        "linkedin.com/in/mariapena | github.com/mpena",
    )
    c = find_contact(lines, HEADINGS, lines)
    assert c.name == "María José Peña"
    assert c.headline == "Senior AI Engineer"
    assert c.email == "maria.pena@example.com"
    assert c.phone == "+5511912345678"
    assert c.links == ["https://linkedin.com/in/mariapena", "https://github.com/mpena"]


def test_name_never_an_email_a_heading_or_a_job_title() -> None:
    lines = mk_lines(
        ("Curriculum Vitae", 24, True),
        ("EXPERIENCE", 18, True),
        ("Software Engineer", 16, True),
        ("jane@example.com", 16, False),
        ("Jane Q. Public", 14, False),
    )
    assert find_name(lines, HEADINGS)[0] == "Jane Q. Public"


def test_a_resume_that_prints_no_name_gets_none_never_a_heading_or_placeholder() -> None:
    # an anonymised resume: its title on top, then the template's headings and placeholders, all one size
    lines = mk_lines("INFORMATION TECHNOLOGY SUPERVISOR", "Career Focus", "Company Name July 2011 to November 2012",
                     "City , State", "Microsoft Office", "Patient Advocate")
    assert find_contact(lines, HEADINGS, lines[:2]).name == ""
    # the placeholders, headings and job titles are refused by their words, whatever their size
    for text in ("Company Name", "City , State", "Career Focus", "Patient Advocate", "Sous Chef", "Vice President"):
        assert find_name(mk_lines((text, 20, True)), HEADINGS) == ("", 0), text
    # a name set larger than the text around it is still found below a heading (a sidebar read first)
    lines = mk_lines(("Contact", 14, False), "False street", "email@email.com", ("John Doe", 24, False), "Company Name")
    assert find_contact(lines, HEADINGS, lines[1:3]).name == "John Doe"


def test_a_templates_placeholder_is_no_job_title() -> None:
    from screener.parse.roles import drop_name_titles

    roles = parse_roles([section("experience", "Company Name\t01/2016 - Current", "• Moved stock.",
                                 "Warehouse Supervisor, Acme\t01/2015 - 01/2016")], 10.0)
    drop_name_titles(roles, "")
    assert [r.title for r in roles] == ["", "Warehouse Supervisor"]


def test_name_labels_and_credentials() -> None:
    assert normalise_name("Rosa Díaz, RN") == "Rosa Díaz"
    assert normalise_name("Dr. Ana Lima") == "Ana Lima"
    assert normalise_name("JAN KÜSTER RESUME") == "Jan Küster"
    lines = mk_lines(("PERSONAL INFORMATION\tSofia Emmanouilidi", 10, False), "Address")
    assert find_name(lines, HEADINGS)[0] == "Sofia Emmanouilidi"
    lines = mk_lines(("業績調書 氏名: 山田 太郎", 12, False))
    assert find_name(lines, HEADINGS)[0] == "山田 太郎"


def test_phone_formats_from_several_countries() -> None:
    for text, e164 in [
        ("(415) 555-0123", "+14155550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+55 11 91234-5678", "+5511912345678"),
    ]:
        lines = mk_lines(("Jane Doe", 20, True), f"jane@example.com | {text}")
        assert find_contact(lines, HEADINGS, lines).phone == e164


def test_a_date_range_is_not_a_phone_number() -> None:
    lines = mk_lines(("Jane Doe", 20, True), "2019 - 2021 - 2023")
    assert find_contact(lines, HEADINGS, lines).phone == ""


def test_letter_spaced_email_in_a_sidebar() -> None:
    lines = mk_lines(("John Doe", 20, True), "j o hn.do e@ema il.co m")
    assert find_contact(lines, HEADINGS, lines).email == "john.doe@email.com"


# ------------------------------------------------------------------ roles


def test_two_line_header_title_then_company_and_dates() -> None:
    sec = section(
        "experience",
        ("Senior AI Engineer", 10, True),
        "Lumenfold, San Francisco, CA\tJan 2023 – Present",
        "• Built a RAG service",
        "• Cut latency by 40%",
        ("Software Engineer", 10, True),
        "Carta Freight\t03/2019 - 12/2022",
        "• Built APIs",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization) for r in roles] == [
        ("Senior AI Engineer", "Lumenfold"),
        ("Software Engineer", "Carta Freight"),
    ]
    assert span(roles[0]) == ("2023-01", "2026-10") and roles[0].dates.open_end  # type: ignore[union-attr]
    assert span(roles[1]) == ("2019-03", "2022-12")
    assert [ln.text for ln in roles[0].bullets] == ["Built a RAG service", "Cut latency by 40%"]


def test_dates_before_the_title() -> None:
    sec = section(
        "experience",
        "2021–23\tData Scientist, Acme Bank",
        "• Fraud models",
        "Since 2024\tML Engineer, Beta",
        "• Ranking",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization) for r in roles] == [("Data Scientist", "Acme Bank"), ("ML Engineer", "Beta")]
    assert span(roles[0]) == ("2021-01", "2023-12")
    assert roles[1].dates.open_end  # type: ignore[union-attr]


def test_a_promotion_keeps_each_title_with_its_dates_and_the_company() -> None:
    sec = section(
        "experience",
        ("Northwind Analytics", 10, True),
        "Staff ML Engineer\tJan 2023 – Present",
        "• Led the platform",
        "ML Engineer\tJun 2020 – Dec 2022",
        "• Shipped models",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization) for r in roles] == [
        ("Staff ML Engineer", "Northwind Analytics"),
        ("ML Engineer", "Northwind Analytics"),
    ]
    assert span(roles[1]) == ("2020-06", "2022-12")

def test_the_tail_of_a_wrapped_description_is_not_the_next_entrys_header() -> None:
    # deedy's CV: descriptions without bullet glyphs; the last words of one ("environments.")
    # sat right above the next header and became its organisation.
    sec = section(
        "research",
        ("CORNELL ROBOT LEARNING LAB | RESEARCHER", 11, True),
        "Jan 2014 – Jan 2015 | Ithaca, NY",
        "Worked with Prof Saxena to create PlanIt, a tool which learns to plan robot trajectories in human",
        "environments.",
        ("CORNELL PHONETICS LAB | HEAD UNDERGRADUATE RESEARCHER", 11, True),
        "Mar 2012 – May 2013 | Ithaca, NY",
        "Led the development of QuickTongue.",
        ("PHABRICATOR | OPEN SOURCE CONTRIBUTOR & TEAM LEADER", 11, True),
        "Jan 2011 – May 2011 | Palo Alto, CA",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization) for r in roles] == [
        ("RESEARCHER", "CORNELL ROBOT LEARNING LAB"),
        ("HEAD UNDERGRADUATE RESEARCHER", "CORNELL PHONETICS LAB"),
        ("OPEN SOURCE CONTRIBUTOR & TEAM LEADER", "PHABRICATOR"),
    ]
    assert [ln.text for ln in roles[0].bullets][-1] == "environments."


def test_a_company_line_printed_as_a_larger_bullet_heads_its_entry() -> None:
    # sb2nov's LaTeX template sets each company as an item (a bullet) a size above the body.
    sec = section(
        "experience",
        ("• Google\tMountain View, CA", 10.9, False),
        "Software Engineer\tOct 2016 – Present",
        "• TensorFlow: worked on APIs for training models on TPUs.",
        ("• Lucena Research\tAtlanta, GA", 10.9, False),
        "Data Scientist\tSummer 2012 and 2013",
        "• Portfolio Management: created models for portfolio hedging.",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization, r.location) for r in roles] == [
        ("Software Engineer", "Google", "Mountain View, CA"),
        # "Research" is a job word, but "Lucena Research" is named like a company.
        ("Data Scientist", "Lucena Research", "Atlanta, GA"),
    ]
    assert [ln.text for ln in roles[0].bullets] == ["TensorFlow: worked on APIs for training models on TPUs."]


def test_stacked_dates_end_above_start_make_one_range() -> None:
    # simple-resume: a left date column, the end (or "Actual") on the header's row and the start
    # on the smaller description row below it.
    sec = section(
        "experience",
        ("Actual\tDeveloper\tBasetis", 10, False),
        ("01/2019\tBuilt the data pipelines for the billing team.", 9, False),
        ("• Cut the nightly batch from six hours to one.", 9, False),
        ("12/2018 Backend\tBasetis", 10, False),
        ("09/2018\tDescriptions are written using Markdown.", 9, False),
    )
    roles = parse_roles([sec], 9.0)
    assert [(r.title, r.organization, span(r)) for r in roles] == [
        ("Developer", "Basetis", ("2019-01", "2026-10")),
        ("Backend", "Basetis", ("2018-09", "2018-12")),
    ]
    assert roles[0].dates.open_end  # type: ignore[union-attr]
    assert [ln.text for ln in roles[1].bullets] == ["Descriptions are written using Markdown."]


def test_a_list_of_dated_one_liners_is_not_read_as_stacked_ranges() -> None:
    # Same type size on every row: awards or certificates, each with its own date.
    sec = section(
        "experience",
        "05/2019 Engineer of the year\tAcme",
        "03/2018 Hackathon winner\tBeta",
    )
    roles = parse_roles([sec], 10.0)
    assert [r.dates.raw for r in roles if r.dates] == ["05/2019", "03/2018"]


def test_a_pipe_separates_header_parts_with_or_without_spaces() -> None:
    # soupboss's Word template prints "Law Group| Tuscaloosa, AL, IT Support Technician": the
    # missing space before the bar once glued the state to the title ("AL, IT Support Technician").
    sec = section(
        "experience",
        ("Wilder Tech | Montgomery, AL, Desktop Support Technician", 10, True),
        ("January 2021 – Current", 10, True),
        "• Set up hardware",
        ("James and Spicer Law Group| Tuscaloosa, AL, IT Support Technician", 10, True),
        ("August 2018 – August 2019", 10, True),
        "• Installed software",
    )
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.organization, r.location) for r in roles] == [
        ("Desktop Support Technician", "Wilder Tech", "Montgomery, AL"),
        ("IT Support Technician", "James and Spicer Law Group", "Tuscaloosa, AL"),
    ]



def test_dates_beside_the_first_bullet_belong_to_the_header_above() -> None:
    # RenderCV's classic theme stacks place, dates and duration in a right column beside the
    # header and its first bullets, so the dates share a row with a bullet.
    sec = section(
        "experience",
        "Nexus AI, Co-Founder & CTO\tSan Francisco, CA",
        "• Built model serving for 2M monthly requests with 99.97%\tJune 2023 – present",
        "uptime\t2 years 10 months",
        "• Raised an $18M Series A",
        "NVIDIA Research, Research Intern\tSanta Clara, CA",
        "• Designed sparse attention, 4.2x less memory\tMay 2022 – Aug 2022",
    )
    roles = parse_roles([sec], 10.0)
    assert [span(r) for r in roles] == [("2023-06", "2026-10"), ("2022-05", "2022-08")]
    assert (roles[0].title, roles[0].organization) == ("Co-Founder & CTO", "Nexus AI")
    assert [ln.text for ln in roles[0].bullets][:2] == ["Built model serving for 2M monthly requests with 99.97%",
                                                        "uptime\t2 years 10 months"]


def test_a_date_inside_a_bullet_stays_there() -> None:
    # Only a right-hand cell that is a date range and nothing else moves; a header with its own
    # dates keeps them.
    sec = section(
        "experience",
        "ML Engineer, Acme\tJan 2020 – Dec 2022",
        "• Led the 2021 – 2022 migration\tAug 2021 – Mar 2022",
        "Data Scientist, Beta",
        "• Chaired the reading group\tWinner, 2019 – 2020 award",
    )
    roles = parse_roles([sec], 10.0)
    assert [span(r) for r in roles if r.dates] == [("2020-01", "2022-12")]
    assert "Aug 2021 – Mar 2022" in roles[0].bullets[0].text
    # "Data Scientist, Beta" between the bullet lists is an undated entry of its own (issue 17), not
    # more of the role above: it is no work role, and its bullet is not the dated role's
    undated = [(r.title, r.organization, r.kind, r.dates) for r in roles[1:]]
    assert undated == [("Data Scientist", "Beta", "other", None)]
    assert [b.text for b in roles[0].bullets] == ["Led the 2021 – 2022 migration\tAug 2021 – Mar 2022"]
    # dates on their own line above the title: a range beside the first bullet stays with the bullet
    above = section(
        "experience",
        "Jan 2020 – Dec 2022",
        "ML Engineer, Acme",
        "• Led the migration\tAug 2021 – Mar 2022",
    )
    (role,) = parse_roles([above], 10.0)
    assert span(role) == ("2020-01", "2022-12") and role.title == "ML Engineer"


def test_entries_without_dates_are_kept_undated() -> None:
    sec = section("projects", ("DocChat", 10, True), "• RAG over PDFs", ("Tracer", 10, True), "• Eval harness")
    roles = parse_roles([sec], 10.0)
    assert [(r.title, r.dates) for r in roles] == [("DocChat", None), ("Tracer", None)]
    assert all(r.kind == "project" for r in roles)


def test_education_is_never_work() -> None:
    sec = section("education", "B.S. Computer Science, University of Illinois\t2015 – 2019")
    assert [r.kind for r in parse_roles([sec], 10.0)] == ["education"]


def test_academic_roles() -> None:
    sec = section(
        "experience",
        "Graduate Research Assistant, Auton Lab\tSep 2020 – Present",
        "• Papers",
        "IT Support Specialist, Southwestern University\t2018 – 2020",
        "• Helpdesk",
        "Software Engineer, Stanford University\t2016 – 2018",
        "• Built the LMS",
    )
    roles = parse_roles([sec], 10.0)
    mark_academic(roles, ("research assistant", "PhD", "postdoc"), ("university", "lab"))
    assert [r.academic for r in roles] == [True, False, False]


def test_europass_label_rows_and_wrapped_capital_headings() -> None:
    headings = {
        **HEADINGS,
        "occupazione desiderata": "summary",
        "pubblicazioni e risultati scientifici": "publications",
    }
    lines = mk_lines(
        ("Mario Rossi", 14, False),
        "OCCUPAZIONE DESIDERATA Gestione risorse umane",
        "PUBBLICAZIONI E RISULTATI",
        "SCIENTIFICI",
        "Rossi, M. (2010). Un articolo.",
    )
    sections = find_sections(lines, headings, name_line=1)
    assert [(s.kind, s.heading) for s in sections[1:]] == [
        ("summary", "OCCUPAZIONE DESIDERATA"),
        ("publications", "PUBBLICAZIONI E RISULTATI SCIENTIFICI"),
    ]
    assert [ln.text for ln in sections[1].lines] == ["Gestione risorse umane"]
    assert [ln.text for ln in sections[2].lines] == ["Rossi, M. (2010). Un articolo."]


def test_a_margin_date_left_open_before_the_title() -> None:
    # moderncv: "2021 –" in the date margin, the title beside it.
    sec = section("experience", "2021 – Machine Learning Engineer, OpenAI, San Francisco, USA", "• Ranking models")
    (role,) = parse_roles([sec], 10.0)
    assert role.title == "Machine Learning Engineer" and role.dates is not None and role.dates.open_end


def test_long_date_lines_and_dates_ending_a_sentence_still_anchor_roles() -> None:
    sec = section(
        "experience",
        "Senior Vice-President and Chief Information Officer , 01/2009 to Current Company Name – City , State",
        "• Led IT",
        "January 2020 - till date.",
        "Researcher, Company 3",
        "• Papers",
    )
    roles = parse_roles([sec], 10.0)
    assert [span(r) for r in roles] == [("2009-01", "2026-10"), ("2020-01", "2026-10")]


def test_a_place_between_company_and_title() -> None:
    sec = section(
        "experience",
        "Gilmore Financial, New Orleans, LA, Certified Public Accountant",
        "Oct. 2021 – Current",
        "• Audits",
    )
    (role,) = parse_roles([sec], 10.0)
    assert (role.title, role.organization, role.location) == (
        "Certified Public Accountant",
        "Gilmore Financial",
        "New Orleans, LA",
    )


def test_the_end_of_a_wrapped_sentence_is_not_a_heading() -> None:
    headings = {**HEADINGS, "activities": "activities"}
    lines = mk_lines(
        ("Experience", 12, True),
        "Engineer, Acme\t2020 – 2022",
        "• Organised the team's social",
        "activities.",
        "• Built things",
    )
    assert [s.kind for s in find_sections(lines, headings)] == ["experience"]


def test_an_address_or_punctuation_is_never_a_job_title() -> None:
    sec = section("experience", "555 La Verne Way, La Verne, CA\tJune 2012 – Present", "Volunteer", "• Helped")
    (role,) = parse_roles([sec], 10.0)
    assert role.title == "Volunteer"


# ------------------------------------------------------------------ issue 17: structure that degrades gracefully


def _roles(lines: list, headings: dict[str, str] = HEADINGS) -> list:  # type: ignore[type-arg]
    from screener.parse.fallback import read_dated_blocks

    return parse_roles(read_dated_blocks(find_sections(lines, headings, name_line=1), headings), 10.0)


def test_a_bilingual_heading_is_matched_on_either_half_whatever_its_length() -> None:
    heading = "EXPERIENCIA PROFESIONAL / PROFESSIONAL EXPERIENCE"
    assert len(heading) > 48
    lines = mk_lines(("Ana Ruiz", 20, True), (heading, 12, True), "AI Engineer, Nube\t2023 – 2025")
    sections = find_sections(lines, {"professional experience": "experience"}, name_line=1)
    assert [(s.kind, s.heading) for s in sections] == [("header", ""), ("experience", heading)]
    # only one half known, in the other order, and a bar between them
    lines = mk_lines(("Ana Ruiz", 20, True), ("EDUCATION | FORMACIÓN ACADÉMICA", 12, True), "BSc, UPM")
    assert find_sections(lines, HEADINGS, name_line=1)[1].kind == "education"


def test_academic_wordings_for_positions_held_are_work_headings(taxonomy) -> None:  # type: ignore[no-untyped-def]
    for heading in ("Appointments", "Academic Positions", "Research Appointments", "Positions Held"):
        assert taxonomy.headings[heading_key(heading)] == "experience", heading
    for heading in ("Berufserfahrung", "Parcours professionnel", "Company Details"):
        assert taxonomy.headings[heading_key(heading)] == "experience", heading


def test_a_bold_title_over_a_dated_line_is_a_role_not_a_heading() -> None:
    lines = mk_lines(
        ("Sofia Lindgren", 20, True),
        ("Experience", 12, True),
        ("Senior AI Engineer", 12, True),
        "Nordvik Insurance\tFeb 2024 – Present",
        "• Built claims agents.",
        ("Education", 12, True),
    )
    sections = find_sections(lines, HEADINGS, name_line=1)
    assert [s.heading for s in sections if s.heading] == ["Experience", "Education"]
    (role,) = parse_roles(sections, 10.0)
    assert (role.title, role.organization) == ("Senior AI Engineer", "Nordvik Insurance")
    # an unknown heading set like the others, over a line that holds the title itself, stays a heading
    lines = mk_lines(("Fatima Alaoui", 20, True), ("WHERE I'VE WORKED", 12, True), "AI Engineer, Atlas\t2023 – 2025",
                     ("SKILLS", 12, True), "Python")
    assert [s.heading for s in find_sections(lines, HEADINGS, name_line=1) if s.heading] == [
        "WHERE I'VE WORKED", "SKILLS"]


def test_dates_and_separators_do_not_count_toward_a_headers_word_limit() -> None:
    header = ("Research Engineer | Speech & Language Lab, Universitat Politècnica de Catalunya · "
              "Barcelona, Spain | Sep 2021 – Sep 2024")
    assert len(header.split()) > 14
    (role,) = parse_roles([section("experience", header, "• Built pipelines.")], 10.0)
    assert role.title == "Research Engineer"
    assert role.organization == "Speech & Language Lab, Universitat Politècnica de Catalunya"
    assert role.location == "Barcelona, Spain" and span(role) == ("2021-09", "2024-09")


def test_a_title_keeps_its_bracketed_note() -> None:
    (role,) = parse_roles([section("experience", "AI Engineer (contract) — Harbor Legal\tJul 2025 – Present")], 10.0)
    assert (role.title, role.organization) == ("AI Engineer (contract)", "Harbor Legal")


def test_with_no_work_section_dated_blocks_are_roles_and_the_header_keeps_its_top_lines() -> None:
    roles = _roles(mk_lines(
        ("Diego Marquez", 20, True),
        "Machine Learning Engineer",
        "diego@example.com | Austin, TX",
        "Machine Learning Engineer, Tallow Grocery\tMay 2022 – Present",
        "• Built forecasting models with Spark.",
        "Data Scientist, Bluebonnet Insurance\tAug 2019 – Apr 2022",
        "• Trained claim models.",
    ))
    assert [(r.title, r.organization, r.kind, span(r)) for r in roles] == [
        ("Machine Learning Engineer", "Tallow Grocery", "work", ("2022-05", "2026-10")),
        ("Data Scientist", "Bluebonnet Insurance", "work", ("2019-08", "2022-04")),
    ]


def test_a_dense_paragraph_yields_its_dated_roles_and_its_labels_are_not_roles() -> None:
    roles = _roles(mk_lines(
        ("Hiroshi Tanaka", 20, True),
        "Senior AI Engineer",
        "hiroshi@example.jp | Tokyo",
        "Senior AI Engineer, Parcel Loop (Apr 2024 – Present): lead a team building LangGraph agents; cut",
        "failed deliveries by 17%. Software Engineer, Finch Bank (Jul 2018 – Dec 2022): built Java payment",
        "services. Education: B.Sc. Computer Science, University of Leeds (2014 – 2018). Skills: Python.",
    ))
    work = [(r.title, r.organization, span(r)) for r in roles if r.kind == "work"]
    assert work == [("Senior AI Engineer", "Parcel Loop", ("2024-04", "2026-10")),
                    ("Software Engineer", "Finch Bank", ("2018-07", "2022-12"))]
    assert [r.kind for r in roles if r.kind != "work"] == ["education"]
    assert "LangGraph" in roles[0].bullets[0].text


def test_each_piece_of_a_dense_paragraph_knows_the_characters_it_covers() -> None:
    lines = mk_lines(
        ("Hiroshi Tanaka", 20, True),
        "Senior AI Engineer",
        "hiroshi@example.jp | Tokyo",
        "Senior AI Engineer, Parcel Loop (Apr 2024 – Present): lead a team building LangGraph agents; cut",
        "failed deliveries by 17%. AI Engineer, Parcel Loop (Jan 2023 – Mar 2024): shipped a chat assistant",
        "with LangChain. Software Engineer, Finch Bank (Jul 2018 – Dec 2022): built Java services.",
    )
    roles = [r for r in _roles(lines) if r.kind == "work"]
    text = {ln.number: ln.text for ln in lines}
    for role in roles:
        for piece in role.lines:
            assert piece.pieces and piece.number == piece.pieces[0][0]
            # the parts, read back from the page's lines, are the piece's own words
            assert " ".join(text[n][a:b] for n, a, b in piece.pieces) == piece.text
    middle = roles[1]
    assert [ln.text for ln in middle.header_lines] == ["AI Engineer, Parcel Loop (Jan 2023 – Mar 2024)"]
    assert [ln.text for ln in middle.bullets] == ["shipped a chat assistant with LangChain."]
    assert [n for n, _, _ in middle.bullets[0].pieces] == [5, 6]  # from the end of line 5 into line 6
    assert [ln.number for ln in (roles[0].header_lines[0], middle.header_lines[0], roles[2].header_lines[0])] == [
        4, 5, 6]


def test_a_tool_in_a_dense_paragraph_belongs_to_the_entry_it_is_written_in(config) -> None:  # type: ignore[no-untyped-def]
    from support.lines import screen_text

    s = screen_text(
        config,
        ("Hiroshi Tanaka", 20, True),
        "Senior AI Engineer",
        "hiroshi@example.jp | Tokyo",
        "Senior AI Engineer, Parcel Loop (Apr 2024 – Present): lead a team building LangGraph agents; cut",
        "failed deliveries by 17%. AI Engineer, Parcel Loop (Jan 2023 – Mar 2024): shipped a chat assistant",
        "with LangChain. Software Engineer, Finch Bank (Jul 2018 – Dec 2022): built Java services. Skills: Ragas.",
    )
    titles = {m.name: (s.roles[m.role].title if m.role is not None else m.place) for m in s.mentions}
    assert titles == {"LangGraph": "Senior AI Engineer", "LangChain": "AI Engineer", "Java": "Software Engineer",
                      "Ragas": "skills"}
    lang_chain = next(m for m in s.mentions if m.name == "LangChain")
    assert lang_chain.bullet_text == "shipped a chat assistant with LangChain."
    # 2023-01 .. 2026-10: both LLM entries count, each from its own dates
    assert s.llm_tenure_months == 46


def test_an_unknown_heading_holding_dated_title_lines_is_work_when_there_is_no_work_section() -> None:
    roles = _roles(mk_lines(
        ("Fatima Alaoui", 20, True),
        ("WHERE I'VE WORKED", 12, True),
        "AI Engineer, Atlas Telecom\tJun 2023 – Present",
        "• Built an assistant.",
        ("EDUCATION", 12, True),
        "Diplôme d'ingénieur, EMI, 2020",
    ))
    assert [(r.title, r.kind) for r in roles] == [("AI Engineer", "work"), ("Diplôme d'ingénieur", "education")]


def test_an_undated_entry_between_bullet_lists_is_not_absorbed_into_the_role_above() -> None:
    roles = parse_roles([section(
        "experience",
        "Systems Administrator, Cardiff Borough Council\t2001 – 2008",
        "• Administered Windows Server.",
        "Volunteer IT Coordinator, Riverside Food Bank",
        "• Moved the donor database to Azure.",
    )], 10.0)
    assert [(r.title, r.kind, r.dates is None) for r in roles] == [
        ("Systems Administrator", "work", False), ("Volunteer IT Coordinator", "other", True)]
    assert all("Azure" not in b.text for b in roles[0].bullets)


def test_a_templates_placeholder_dates_make_undated_entries_not_work() -> None:
    roles = parse_roles([section(
        "experience",
        "year–year Job title, Employer, City.",
        "Description",
        "Data Engineer, Company Name\tMonth 20XX – Present",
        "• Built loads.",
    )], 10.0)
    assert [(r.title, r.organization, r.kind, r.dates) for r in roles] == [
        ("Job title", "Employer", "other", None), ("Data Engineer", "Company Name", "other", None)]


def test_a_freelancers_short_contracts_are_each_a_dated_role() -> None:
    roles = parse_roles([section(
        "experience",
        ("AI Engineer (contract) — Harbor Legal", 10, True),
        "Jul 2025 – Present",
        "• Built a contract-review agent.",
        ("LLM Consultant (contract) — Tidepool Health", 10, True),
        "03/2025 – 06/2025",
        "• Designed a RAG pipeline.",
        ("AI Engineer (contract) — Brightline Retail", 10, True),
        "Jan–Feb 2025",
        "• Added product descriptions.",
        ("AI Prototype Developer (contract) — Stackwise", 10, True),
        "Aug 2024",
        "• Built a prototype.",
    )], 10.0)
    assert [(r.title, r.organization, r.kind, span(r)) for r in roles] == [
        ("AI Engineer (contract)", "Harbor Legal", "work", ("2025-07", "2026-10")),
        ("LLM Consultant (contract)", "Tidepool Health", "work", ("2025-03", "2025-06")),
        ("AI Engineer (contract)", "Brightline Retail", "work", ("2025-01", "2025-02")),
        ("AI Prototype Developer (contract)", "Stackwise", "work", ("2024-08", "2024-08")),
    ]
    assert [len(r.bullets) for r in roles] == [1, 1, 1, 1]


def test_french_and_german_role_headers() -> None:
    roles = parse_roles([section(
        "experience",
        "Banque Rhône-Alpes — Ingénieure IA\tSept. 2022 – aujourd'hui",
        "• RAG.",
        "Softwareentwicklerin, Nordlicht GmbH\tMärz 2019 – Aug. 2022",
    )], 10.0)
    assert [(r.title, r.organization) for r in roles] == [
        ("Ingénieure IA", "Banque Rhône-Alpes"), ("Softwareentwicklerin", "Nordlicht GmbH")]
    assert span(roles[1]) == ("2019-03", "2022-08")


def test_a_heading_glued_to_the_line_above_starts_its_section() -> None:
    lines = mk_lines(
        ("Arjun Mehta", 20, True),
        "Python- Experience - 24 monthsCompany Details",
        "company - Kotak Digital",
        "description - Machine Learning Engineer, January 2022 to Present. Built.",
    )
    sections = find_sections(lines, {**HEADINGS, "company details": "experience"}, name_line=1)
    assert [(s.kind, s.heading) for s in sections] == [("header", ""), ("experience", "Company Details")]
    assert sections[0].lines[-1].text == "Python- Experience - 24 months"
    (role,) = parse_roles(sections, 10.0)
    assert (role.title, role.organization) == ("Machine Learning Engineer", "Kotak Digital")


# ------------------------------------------------------------------ issue 17: parse-incomplete


def test_parse_incomplete_when_the_structure_looks_misread() -> None:
    from screener.codes import FlagCode
    from screener.model import Role
    from screener.parse.completeness import OTHER_MAX_LINES, parse_incomplete

    def flag(*secs):  # type: ignore[no-untyped-def]
        roles = parse_roles(list(secs), 10.0)
        return parse_incomplete(list(secs), roles)

    # a work heading with no dated role
    got = flag(section("experience", "Data Engineer, Company Name\tMonth 20XX – Present", "• Loads."))
    assert got is not None and got.code == FlagCode.PARSE_INCOMPLETE and "by eye" in got.reason
    # dated lines present, no role found (they sit in an unrecognised block)
    assert flag(section("other", "Built things from 2019 – 2021 at Acme and more.")) is not None
    # a very long unrecognised section
    assert flag(section("other", *(["Lorem ipsum"] * (OTHER_MAX_LINES + 1)))) is not None
    # a normal resume, and one with no dates at all: nothing to check by eye
    assert flag(section("experience", "AI Engineer, Acme\t2023 – 2025", "• RAG.")) is None
    assert flag(section("skills", "Python")) is None
    assert parse_incomplete([], list[Role]()) is None
