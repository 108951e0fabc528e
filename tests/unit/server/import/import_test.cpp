// `loket import`'s readers and writer on small sources the tests write, broken ones too: what
// becomes content, what is skipped and why, and that nothing is half-written.
#include "server/import/import.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "config/config.h"

namespace loket::server::import {
namespace {

namespace fs = std::filesystem;

class Import : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-import-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  // An .xlsx with the given parts (name -> XML), as Excel zips them.
  fs::path workbook(const std::string& name, const std::map<std::string, std::string>& parts) {
    int error = 0;
    zip_t* zip = zip_open((dir_ / name).c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(nullptr, zip);
    for (const auto& [part, xml] : parts) {
      zip_source_t* src = zip_source_buffer(zip, xml.data(), xml.size(), 0);
      zip_file_add(zip, part.c_str(), src, ZIP_FL_OVERWRITE);
    }
    EXPECT_EQ(0, zip_close(zip));
    return dir_ / name;
  }

  static std::string skipped(const Imported& imported) {
    std::string out;
    for (const auto& s : imported.skipped) out += s.where + ": " + s.why + "\n";
    return out;
  }

  fs::path dir_;
};

// A link as spreadsheets hold it ("www....") is made a web address; one that is none is left
// out, and the report says so.
TEST_F(Import, LinksWithoutTheirSchemeAreWebAddressesOrReported) {
  const auto source = write("faq.csv",
                            "vraag,antwoord,link\n"
                            "Wanneer komt het afval?,Zie de kalender.,www.example.nl/afval\n"
                            "Wat kost een paspoort?,€ 80.,zie intranet\n");
  const auto read = read_source(source, Format::csv, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  ASSERT_EQ(2u, read.imported->faqs.size());
  EXPECT_EQ("https://www.example.nl/afval", read.imported->faqs[0].link);
  EXPECT_EQ("", read.imported->faqs[1].link);
  EXPECT_EQ(
      "faq.csv:row 3: the link 'zie intranet' is not a web address (https://...): the "
      "answer is imported without it\n",
      skipped(*read.imported));
}

TEST_F(Import, CsvWithSemicolonsABomAndCellsOverSeveralLines) {
  const auto source =
      write("faq.csv",
            "\xEF\xBB\xBFVraag;Antwoord;Extra vragen;Link;Thema;Taal\n"
            "\"Hoe vraag ik een paspoort aan?\";\"Maak een afspraak.\nNeem een pasfoto mee.\";"
            "\"paspoort aanvragen\nnieuw paspoort | paspoort verlopen\";"
            "https://www.example.nl/paspoort;Burgerzaken;Nederlands\n"
            "\"Wat kost een ID-kaart?\";\"€ 77,85; voor kinderen € 43,20.\";;;Burgerzaken;nl\n"
            "Alleen een vraag;;;;;\n"
            ";;;;;\n"
            "\"Hoe vraag ik een paspoort aan?\";Een ander antwoord;;;;\n"
            "Only English;An answer;;;;en\n"
            "Kurze Frage;Antwort;;;;klingonisch\n");
  const auto read = read_source(source, Format::csv, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  const auto& faqs = read.imported->faqs;
  ASSERT_EQ(2u, faqs.size()) << skipped(*read.imported);
  EXPECT_EQ((std::vector<std::string>{"Hoe vraag ik een paspoort aan?", "paspoort aanvragen",
                                      "nieuw paspoort", "paspoort verlopen"}),
            faqs[0].questions.at("nl"));
  EXPECT_EQ("Maak een afspraak.\nNeem een pasfoto mee.", faqs[0].answers.at("nl"));
  EXPECT_EQ("https://www.example.nl/paspoort", faqs[0].link);
  EXPECT_EQ("Burgerzaken", faqs[0].theme);
  EXPECT_EQ("€ 77,85; voor kinderen € 43,20.", faqs[1].answers.at("nl")) << "';' inside quotes";
  const std::string why = skipped(*read.imported);
  EXPECT_NE(std::string::npos, why.find("faq.csv:row 4: no answer")) << why;
  EXPECT_NE(std::string::npos, why.find("faq.csv:row 6: the same question as faq.csv:row 2"));
  EXPECT_NE(std::string::npos, why.find("faq.csv:row 8: 'klingonisch' is not a language"));
  EXPECT_NE(std::string::npos, why.find("faq.csv:row 7: only in 'en'")) << why;
  EXPECT_EQ(std::string::npos, why.find("row 5")) << "an empty row is no problem";
}

TEST_F(Import, AnIdColumnJoinsOneQuestionInSeveralLanguages) {
  const auto source = write("faq.csv",
                            "id,question,answer,language\n"
                            "afval,Wanneer komt de vuilniswagen?,Op maandag.,nl\n"
                            "afval,When is bin day?,On Monday.,en\n"
                            "afval,Wann kommt die Müllabfuhr?,Am Montag.,de\n");
  const auto read = read_source(source, Format::csv, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  ASSERT_EQ(1u, read.imported->faqs.size());
  const Faq& faq = read.imported->faqs[0];
  EXPECT_EQ("afval", faq.id);
  EXPECT_EQ(3u, faq.answers.size());
  EXPECT_EQ("On Monday.", faq.answers.at("en"));
  EXPECT_EQ("Wann kommt die Müllabfuhr?", faq.questions.at("de").front());
}

TEST_F(Import, ABrokenCsvIsRefusedNamingTheRow) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"question,answer\nA,B\n\"open,C\n", "faq.csv:row 3: a quoted cell is not closed"},
      {"question,answer\nA,\"B\"x\n", "faq.csv:row 2: "},
      {"question,answer\nA,B\n\xE9t\xE9,C\n", "faq.csv:line 3: not UTF-8"},
      {"vraag;uitleg\nA;B\n",
       "faq.csv:row 1: no column answer (or antwoord) in the first row "
       "(found: vraag, uitleg)"},
      {"", "faq.csv: no rows"},
  };
  for (const auto& c : cases) {
    const auto read = read_source(write("faq.csv", c.text), Format::csv, "nl");
    EXPECT_FALSE(read.imported) << c.text;
    EXPECT_NE(std::string::npos, read.error.find(c.error)) << c.text << "\ngot: " << read.error;
  }
}

TEST_F(Import, AnExcelWorkbooksFirstSheet) {
  const auto source = workbook(
      "faq.xlsx",
      {{"xl/workbook.xml",
        R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="FAQ" sheetId="1" r:id="rId7"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Target="worksheets/faq.xml"/></Relationships>)"},
       {"xl/sharedStrings.xml",
        R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Question</t></si><si><t>Answer</t></si><si><r><t>Hoe meld ik </t></r><r><t>een verhuizing?</t></r></si></sst>)"},
       {"xl/worksheets/faq.xml",
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>)"
        R"(<row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3" t="inlineStr"><is><t>Binnen 5 dagen, via Mijn Noorderhaven.</t></is></c></row>)"
        R"(<row r="4"><c r="A4" t="inlineStr"><is><t>Zonder antwoord</t></is></c></row>)"
        R"(</sheetData></worksheet>)"}});
  const auto read = read_source(source, Format::xlsx, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  ASSERT_EQ(1u, read.imported->faqs.size());
  EXPECT_EQ("Hoe meld ik een verhuizing?", read.imported->faqs[0].questions.at("nl").front())
      << "rich text runs joined";
  EXPECT_EQ("Binnen 5 dagen, via Mijn Noorderhaven.", read.imported->faqs[0].answers.at("nl"));
  EXPECT_EQ("faq.xlsx:row 3", read.imported->faqs[0].origin) << "the row number Excel shows";
  EXPECT_NE(std::string::npos, skipped(*read.imported).find("faq.xlsx:row 4: no answer"));

  const auto not_zip = read_source(write("kapot.xlsx", "PK but not really"), Format::xlsx, "nl");
  EXPECT_NE(std::string::npos, not_zip.error.find("kapot.xlsx: not an Excel workbook"));
  const auto no_book =
      read_source(workbook("leeg.xlsx", {{"readme.txt", "x"}}), Format::xlsx, "nl");
  EXPECT_NE(std::string::npos,
            no_book.error.find("leeg.xlsx: the workbook has no xl/workbook.xml"));
}

TEST_F(Import, ARasaProjectsIntentsWithTheirResponses) {
  write("rasa/domain.yml",
        "version: \"3.1\"\nresponses:\n  utter_greet:\n    - text: Hallo!\n"
        "  utter_paspoort:\n    - text: Een paspoort vraagt u aan in het gemeentehuis.\n"
        "  utter_faq/afval:\n    - text: Op maandag.\n  utter_kalender:\n    - text: Zie de "
        "afvalkalender.\n");
  write("rasa/data/nlu.yml",
        "version: \"3.1\"\nnlu:\n- intent: greet\n  examples: |\n    - hoi\n"
        "- intent: paspoort\n  examples: |\n    - paspoort aanvragen\n"
        "    - nieuw paspoort voor [Groningen](city)\n"
        "- intent: faq/afval\n  examples: |\n    - wanneer komt de vuilniswagen\n"
        "- intent: afvalkalender\n  examples: |\n    - afvalkalender\n"
        "- intent: onbeantwoord\n  examples: |\n    - iets\n");
  write("rasa/data/rules.yml",
        "rules:\n- rule: kalender\n  steps:\n  - intent: afvalkalender\n  - action: "
        "utter_kalender\n");
  const auto read = read_source(dir_ / "rasa", Format::rasa, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  const auto& faqs = read.imported->faqs;
  ASSERT_EQ(3u, faqs.size()) << skipped(*read.imported);
  EXPECT_EQ("paspoort", faqs[0].id);
  EXPECT_EQ("nieuw paspoort voor Groningen", faqs[0].questions.at("nl")[1]) << "entities as text";
  EXPECT_EQ("faq-afval", faqs[1].id);
  EXPECT_EQ("Op maandag.", faqs[1].answers.at("nl")) << "a retrieval intent's response";
  EXPECT_EQ("Zie de afvalkalender.", faqs[2].answers.at("nl")) << "the rule's action";
  const std::string why = skipped(*read.imported);
  EXPECT_NE(std::string::npos, why.find("data/nlu.yml:3: intent 'greet' is small talk")) << why;
  EXPECT_NE(std::string::npos, why.find("intent 'onbeantwoord' has no response")) << why;

  write("rasa/data/nlu.yml", "nlu:\n- intent: x\n  examples: [unclosed\n");
  const auto broken = read_source(dir_ / "rasa", Format::rasa, "nl");
  EXPECT_FALSE(broken.imported);
  EXPECT_NE(std::string::npos, broken.error.find("data/nlu.yml:")) << broken.error;
}

TEST_F(Import, AWebPagesFaqPage) {
  const auto page = write(
      "faq.html",
      R"(<!doctype html><html lang="nl"><head><link rel="canonical" href="https://www.example.nl/faq">)"
      R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},)"
      R"({"@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Hoe vraag ik een parkeervergunning aan?",)"
      R"("acceptedAnswer":{"@type":"Answer","text":"<p>Via <a href='https://x'>Mijn gemeente</a>.</p><ul><li>Kenteken</li><li>DigiD</li></ul>"}},)"
      R"({"@type":"Question","name":"Zonder antwoord"}]}]}</script></head><body><p>FAQ</p></body></html>)");
  const auto read = read_source(page, Format::faqpage, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  ASSERT_EQ(1u, read.imported->faqs.size());
  EXPECT_EQ("Via Mijn gemeente.\n- Kenteken\n- DigiD", read.imported->faqs[0].answers.at("nl"));
  EXPECT_EQ("https://www.example.nl/faq", read.imported->faqs[0].link);
  EXPECT_NE(std::string::npos,
            skipped(*read.imported).find("faq.html:question 2: no acceptedAnswer text"));

  const auto json =
      write("faq.jsonld",
            R"({"@type":"FAQPage","inLanguage":"de-DE","mainEntity":{"@type":"Question",)"
            R"("name":"Wann kommt die Müllabfuhr?","acceptedAnswer":{"text":"Montags."}}})");
  const auto german = read_source(json, Format::faqpage, "de");
  ASSERT_TRUE(german.imported) << german.error;
  EXPECT_EQ("Montags.", german.imported->faqs.at(0).answers.at("de"));
  const auto wrong_language = read_source(json, Format::faqpage, "nl");
  EXPECT_TRUE(wrong_language.imported->faqs.empty());
  EXPECT_NE(std::string::npos, skipped(*wrong_language.imported).find("in 'de', and every answer"));

  const auto none =
      read_source(write("leeg.html", "<html><body>Geen FAQ</body></html>"), Format::faqpage, "nl");
  EXPECT_NE(std::string::npos, none.error.find("leeg.html: no schema.org FAQPage")) << none.error;
}

TEST_F(Import, TheFormatIsGuessedFromTheSource) {
  EXPECT_EQ(Format::csv, guess_format("vragen.CSV"));
  EXPECT_EQ(Format::xlsx, guess_format("vragen.xlsx"));
  EXPECT_EQ(Format::faqpage, guess_format("faq.html"));
  EXPECT_EQ(Format::rasa, guess_format("project/data/nlu.yml"));
  EXPECT_EQ(Format::rasa, guess_format(dir_));
  EXPECT_FALSE(guess_format("vragen.pdf"));
}

// Written content loads beside a municipality's own, and a second import replaces what the first
// wrote instead of adding to it.
TEST_F(Import, WrittenContentLoadsAndASecondImportUpdates) {
  const auto source = write("faq.csv",
                            "question,answer,theme\n"
                            "Wat kost een paspoort?,€ 84.,Burgerzaken\n"
                            "Wat kost een paspoort? ,Een ander antwoord.,Burgerzaken\n"
                            "Wat kost een paspoort!,€ 84 voor volwassenen.,Burgerzaken\n"
                            "Wanneer komt de vuilniswagen?,Op maandag.,Afval\n");
  auto read = read_source(source, Format::csv, "nl");
  ASSERT_TRUE(read.imported) << read.error;
  std::string error;
  auto written = write_content(*read.imported, source, dir_ / "import", "nl", error);
  ASSERT_TRUE(written) << error;
  EXPECT_EQ(3u, written->intents);
  EXPECT_EQ(2u, written->files.size());
  write("own.yaml", "messages:\n  fallback: {nl: Dat begrijp ik niet.}\n");
  write("loket.yaml",
        "municipality: Test\nlanguages: {default: nl, supported: [nl]}\n"
        "content: [own.yaml, import/]\n");
  auto loaded = config::load_config(dir_ / "loket.yaml");
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  EXPECT_TRUE(loaded.config->find_intent("wat-kost-een-paspoort"));
  EXPECT_TRUE(loaded.config->find_intent("wat-kost-een-paspoort-2")) << "ids made unique";

  // The source changes: the afval theme is gone, a question is added.
  write("faq.csv",
        "question,answer,theme\nWat kost een paspoort?,€ 85.,Burgerzaken\n"
        "Wat kost een rijbewijs?,€ 52.,Burgerzaken\n");
  read = read_source(source, Format::csv, "nl");
  written = write_content(*read.imported, source, dir_ / "import", "nl", error);
  ASSERT_TRUE(written) << error;
  ASSERT_EQ(1u, written->removed.size());
  EXPECT_EQ("afval.yaml", written->removed[0].filename());
  loaded = config::load_config(dir_ / "loket.yaml");
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  EXPECT_EQ(2u, loaded.config->intents.size()) << "replaced, not added to";
  EXPECT_EQ("€ 85.", loaded.config->find_intent("wat-kost-een-paspoort")->answer.at("nl"));
}

TEST_F(Import, AFileItDidNotWriteIsNeverOverwritten) {
  write("import/burgerzaken.yaml", "# staff's own\nintents: []\n");
  const auto source = write("faq.csv", "question,answer,theme\nA?,B.,Burgerzaken\nC?,D.,Afval\n");
  auto read = read_source(source, Format::csv, "nl");
  std::string error;
  EXPECT_FALSE(write_content(*read.imported, source, dir_ / "import", "nl", error));
  EXPECT_NE(std::string::npos, error.find("burgerzaken.yaml: exists and was not written by an "
                                          "import of faq.csv"))
      << error;
  EXPECT_FALSE(fs::exists(dir_ / "import" / "afval.yaml")) << "nothing half-written";
  EXPECT_EQ(1, std::distance(fs::directory_iterator(dir_ / "import"), fs::directory_iterator()));
}

TEST_F(Import, WhatAReviewFoundIsHandled) {
  // A question cell of bars alone is no question.
  const auto bars =
      read_source(write("bars.csv", "question,answer\n|,Iets.\nEcht?,Ja.\n"), Format::csv, "nl");
  ASSERT_TRUE(bars.imported) << bars.error;
  EXPECT_EQ(1u, bars.imported->faqs.size());
  EXPECT_NE(std::string::npos, skipped(*bars.imported).find("bars.csv:row 2: no question"));

  // A cell too long is reported on its own row, not the next.
  const auto long_cell = read_source(
      write("lang.csv", "question,answer\nA?,B.\nC?," + std::string(20'001, 'x') + "\nD?,E.\n"),
      Format::csv, "nl");
  EXPECT_NE(std::string::npos, long_cell.error.find("lang.csv:row 3: a cell is longer"))
      << long_cell.error;

  // Internal entities ("billion laughs") never expand: a part with a document type is refused.
  const std::string book =
      R"(<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>)";
  const std::string rels =
      R"(<Relationships><Relationship Id="rId1" Target="s.xml"/></Relationships>)";
  const auto bomb = read_source(
      workbook(
          "bom.xlsx",
          {{"xl/workbook.xml", book},
           {"xl/_rels/workbook.xml.rels", rels},
           {"xl/s.xml",
            R"(<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)"
            R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)"}}),
      Format::xlsx, "nl");
  EXPECT_FALSE(bomb.imported);
  EXPECT_NE(std::string::npos, bomb.error.find("bom.xlsx: the sheet is not XML")) << bomb.error;

  // Cells without a reference follow the previous one; Excel's _x000D_ escapes are decoded.
  const auto plain = read_source(
      workbook(
          "plain.xlsx",
          {{"xl/workbook.xml", book},
           {"xl/_rels/workbook.xml.rels", rels},
           {"xl/s.xml",
            R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>vraag</t></is></c><c t="inlineStr"><is><t>antwoord</t></is></c></row>)"
            R"(<row><c t="inlineStr"><is><t>Open?</t></is></c><c t="inlineStr"><is><t>Ja_x000D_
tot vijf.</t></is></c></row></sheetData></worksheet>)"}}),
      Format::xlsx, "nl");
  ASSERT_TRUE(plain.imported) << plain.error;
  ASSERT_EQ(1u, plain.imported->faqs.size());
  EXPECT_EQ("Ja\ntot vijf.", plain.imported->faqs[0].answers.at("nl"));

  // Rasa: a long bracket does not recurse; mood_sad is small talk.
  write("r/domain.yml",
        "responses:\n  utter_x:\n    - text: X.\n  utter_mood_sad:\n    - text: S.\n");
  write("r/data/nlu.yml",
        "nlu:\n- intent: x\n  examples: |\n    - [" + std::string(200'000, 'a') +
            "\n    - een [open](vraag) voorbeeld\n- intent: mood_sad\n  examples: "
            "|\n    - verdrietig\n");
  const auto rasa = read_source(dir_ / "r", Format::rasa, "nl");
  ASSERT_TRUE(rasa.imported) << rasa.error;
  ASSERT_EQ(1u, rasa.imported->faqs.size());
  EXPECT_EQ("een open voorbeeld", rasa.imported->faqs[0].questions.at("nl")[1]);
  EXPECT_NE(std::string::npos, skipped(*rasa.imported).find("'mood_sad' is small talk"));
}

TEST_F(Import, AnImportWithNothingToWriteOrAnotherSourcesFilesLeavesTheFolderAlone) {
  const auto first = write("a/faq.csv", "question,answer,theme,language\nA?,B.,Afval,nl\n");
  std::string error;
  ASSERT_TRUE(write_content(*read_source(first, Format::csv, "nl").imported, first, dir_ / "out",
                            "nl", error))
      << error;
  // Every row in another language than --lang: nothing is removed.
  EXPECT_FALSE(write_content(*read_source(first, Format::csv, "de").imported, first, dir_ / "out",
                             "de", error));
  EXPECT_NE(std::string::npos, error.find("nothing of faq.csv could be imported")) << error;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "afval.yaml"));
  // Another folder's faq.csv is another source: it may not replace the first one's file.
  const auto second = write("b/faq.csv", "question,answer,theme\nC?,D.,Afval\n");
  EXPECT_FALSE(write_content(*read_source(second, Format::csv, "nl").imported, second, dir_ / "out",
                             "nl", error));
  EXPECT_NE(std::string::npos, error.find("afval.yaml: exists and was not written by an import"));
}

}  // namespace
}  // namespace loket::server::import
