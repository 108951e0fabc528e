// A web page's schema.org FAQPage (JSON-LD in <script type="application/ld+json">, as many
// municipal sites publish it), or the JSON-LD itself. HTML parsed with libxml2, JSON with
// Boost.JSON; answers' HTML becomes plain text with its paragraphs kept.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <boost/json.hpp>

#include <cstring>
#include <memory>

#include "server/import/sources.h"

namespace loket::server::import {

namespace json = boost::json;

namespace {

struct DocFreer {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFreer>;

Doc parse_html(std::string_view html) {
  return Doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), "page.html", "UTF-8",
      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER));
}

bool named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE &&
         xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v == nullptr ? "" : reinterpret_cast<const char*>(v);
  xmlFree(v);
  return out;
}

// Depth-first over the page: the JSON-LD scripts' text, the html element's lang, and the
// canonical link.
void scan(const xmlNode* n, std::vector<std::string>& scripts, std::string& lang,
          std::string& canonical) {
  for (; n != nullptr; n = n->next) {
    if (named(n, "script") && attribute(n, "type") == "application/ld+json") {
      xmlChar* text = xmlNodeGetContent(n);
      if (text != nullptr) scripts.emplace_back(reinterpret_cast<const char*>(text));
      xmlFree(text);
    } else if (named(n, "html") && lang.empty()) {
      lang = attribute(n, "lang");
    } else if (named(n, "link") && attribute(n, "rel") == "canonical") {
      canonical = attribute(n, "href");
    }
    if (n->children != nullptr) scan(n->children, scripts, lang, canonical);
  }
}

bool is_block(const xmlNode* n) {
  for (const char* name : {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})
    if (named(n, name)) return true;
  return false;
}

void text_of(const xmlNode* n, std::string& out) {
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content != nullptr) {
      for (const char* c = reinterpret_cast<const char*>(n->content); *c; ++c) {
        const bool space = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
        if (!space)
          out += *c;
        else if (!out.empty() && out.back() != ' ' && out.back() != '\n')
          out += ' ';
      }
    }
    if (named(n, "li")) out += "- ";
    if (n->children != nullptr) text_of(n->children, out);
    if (is_block(n)) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (!out.empty() && out.back() != '\n') out += '\n';
    }
  }
}

// An answer's HTML ("<p>Maak een <a href=...>afspraak</a>.</p>") as plain text.
std::string plain_text(const std::string& html) {
  Doc doc = parse_html("<div>" + html + "</div>");
  std::string out;
  if (doc) text_of(xmlDocGetRootElement(doc.get()), out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool has_type(const json::object& o, std::string_view type) {
  const json::value* t = o.if_contains("@type");
  if (t == nullptr) return false;
  if (t->is_string()) return t->get_string() == type;
  if (t->is_array())
    for (const auto& v : t->get_array())
      if (v.is_string() && v.get_string() == type) return true;
  return false;
}

std::string string_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Every FAQPage in the JSON-LD: at the top, in an array, or in an @graph.
void find_pages(const json::value& v, std::vector<const json::object*>& pages, int depth = 0) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const auto& item : v.get_array()) find_pages(item, pages, depth + 1);
  } else if (v.is_object()) {
    const auto& o = v.get_object();
    if (has_type(o, "FAQPage")) pages.push_back(&o);
    if (const auto* graph = o.if_contains("@graph")) find_pages(*graph, pages, depth + 1);
  }
}

}  // namespace

ReadResult read_faqpage(const std::filesystem::path& source, const std::string& lang) {
  std::string error;
  auto data = read_file(source, error);
  if (!data) return {std::nullopt, error};
  return parse_faqpage(*data, source.filename().string(), lang);
}

ReadResult parse_faqpage(const std::string& page, const std::string& file,
                         const std::string& lang) {
  std::vector<std::string> scripts;
  std::string page_lang, canonical;
  const auto first = page.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && (page[first] == '{' || page[first] == '[')) {
    scripts.push_back(page);
  } else {
    Doc html = parse_html(page);
    if (!html) return {std::nullopt, file + ": not an HTML page"};
    scan(xmlDocGetRootElement(html.get()), scripts, page_lang, canonical);
  }
  Imported out;
  std::vector<json::value> documents;
  std::vector<const json::object*> pages;
  documents.reserve(scripts.size());
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    boost::system::error_code ec;
    documents.push_back(json::parse(scripts[i], ec));
    if (ec) {
      out.skipped.push_back(
          {file + ":JSON-LD block " + std::to_string(i + 1), "not JSON: " + ec.message()});
      continue;
    }
    find_pages(documents.back(), pages);
  }
  if (pages.empty())
    return {std::nullopt, file + ": no schema.org FAQPage in it (" +
                              std::to_string(scripts.size()) + " JSON-LD blocks)"};
  const std::string code = language_code(page_lang);
  for (const json::object* page : pages) {
    const std::string in_language = language_code(string_of(*page, "inLanguage"));
    const std::string faq_lang = !in_language.empty() ? in_language : !code.empty() ? code : lang;
    const std::string link = !string_of(*page, "url").empty() ? string_of(*page, "url") : canonical;
    const json::value* entities = page->if_contains("mainEntity");
    json::array list;
    if (entities != nullptr && entities->is_array()) list = entities->get_array();
    if (entities != nullptr && entities->is_object()) list.push_back(*entities);
    std::size_t n = 0;
    for (const auto& item : list) {
      const std::string where = file + ":question " + std::to_string(++n);
      if (!item.is_object() || !has_type(item.get_object(), "Question")) {
        out.skipped.push_back({where, "not a schema.org Question"});
        continue;
      }
      const auto& q = item.get_object();
      const json::value* accepted = q.if_contains("acceptedAnswer");
      if (accepted != nullptr && accepted->is_array() && !accepted->get_array().empty())
        accepted = &accepted->get_array().front();
      const std::string question = plain_text(string_of(q, "name"));
      const std::string answer = accepted != nullptr && accepted->is_object()
                                     ? plain_text(string_of(accepted->get_object(), "text"))
                                     : std::string();
      if (question.empty() || answer.empty()) {
        out.skipped.push_back(
            {where, question.empty() ? "no name (the question)" : "no acceptedAnswer text"});
        continue;
      }
      if (faq_lang != lang) {
        out.skipped.push_back(
            {where, "in '" + faq_lang + "', and every answer needs '" + lang + "' (--lang)"});
        continue;
      }
      Faq faq;
      faq.questions[faq_lang] = {question};
      faq.answers[faq_lang] = answer;
      faq.link = !string_of(q, "url").empty() ? string_of(q, "url") : link;
      faq.origin = where;
      out.faqs.push_back(std::move(faq));
    }
  }
  return {std::move(out), {}};
}

}  // namespace loket::server::import
