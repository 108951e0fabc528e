// The first sheet of an Excel workbook (Office Open XML), unzipped with libzip and parsed with
// libxml2: its shared strings, inline strings and plain values, by column letter.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <cstring>
#include <memory>
#include <regex>

#include "intents/text_normalizer.h"
#include "server/import/sources.h"

namespace loket::server::import {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct DocFreer {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFreer>;

// An entry of the workbook, at most kMaxSourceBytes unpacked (a zip bomb stops there).
std::optional<std::string> entry(zip_t* zip, const std::string& name, std::string& error) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(zip, name.c_str(), 0, &stat) != 0) {
    error = "the workbook has no " + name;
    return std::nullopt;
  }
  if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxSourceBytes) {
    error = name + " is larger than " + std::to_string(kMaxSourceBytes >> 20) + " MB unpacked";
    return std::nullopt;
  }
  zip_file_t* file = zip_fopen(zip, name.c_str(), 0);
  if (file == nullptr) {
    error = "cannot open " + name + " in the workbook";
    return std::nullopt;
  }
  std::string data(static_cast<std::size_t>(stat.size), '\0');
  const auto read = zip_fread(file, data.data(), stat.size);
  zip_fclose(file);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    error = name + " in the workbook is damaged";
    return std::nullopt;
  }
  return data;
}

// No network and no document type: Excel never writes one, and its internal entities could
// expand a small part to gigabytes ("billion laughs"), external ones read other files.
Doc parse(const std::string& xml) {
  Doc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "sheet.xml", nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc && (doc->intSubset != nullptr || doc->extSubset != nullptr)) doc.reset();
  return doc;
}

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::string attribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0 && a->children != nullptr &&
        a->children->content != nullptr)
      return reinterpret_cast<const char*>(a->children->content);
  return {};
}

// The text of every <t> under `node` (a rich-text string is several runs).
void collect_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (named(n, "t")) {
      xmlChar* content = xmlNodeGetContent(n);
      if (content != nullptr) out += reinterpret_cast<const char*>(content);
      xmlFree(content);
    } else if (n->type == XML_ELEMENT_NODE && !named(n, "rPh")) {  // rPh: phonetic guides
      collect_text(n, out);
    }
  }
}

std::string content_of(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content == nullptr ? "" : reinterpret_cast<const char*>(content);
  xmlFree(content);
  return out;
}

// Excel writes characters XML cannot hold as _xHHHH_ (a carriage return is _x000D_); _x005F_
// is the underscore that would otherwise start one.
std::string unescaped(const std::string& text) {
  if (text.find("_x") == std::string::npos) return text;
  static const std::regex kEscape("_x([0-9A-Fa-f]{4})_");
  std::string out;
  auto at = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), kEscape), end; it != end; ++it) {
    out.append(at, (*it)[0].first);
    const auto code = std::stoul((*it)[1].str(), nullptr, 16);
    if (code == '\r') {
      // Windows line ends: the \n that follows is the line break.
    } else if (code < 0x80) {
      out += static_cast<char>(code);
    } else {
      out.append((*it)[0].first, (*it)[0].second);  // beyond ASCII Excel writes the character
    }
    at = (*it)[0].second;
  }
  out.append(at, text.cend());
  return out;
}

// "C12" -> 2 (A is 0); SIZE_MAX when it has no letters.
std::size_t column_of(const std::string& reference) {
  std::size_t column = 0, letters = 0;
  for (char c : reference) {
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3) return SIZE_MAX;
  }
  return letters == 0 ? SIZE_MAX : column - 1;
}

// The path of the workbook's first sheet, from workbook.xml and its relationships.
std::optional<std::string> first_sheet(zip_t* zip, std::string& error) {
  auto workbook = entry(zip, "xl/workbook.xml", error);
  auto rels = workbook ? entry(zip, "xl/_rels/workbook.xml.rels", error) : std::nullopt;
  if (!rels) return std::nullopt;
  Doc book = parse(*workbook), links = parse(*rels);
  if (!book || !links) {
    error = "the workbook's index is not XML";
    return std::nullopt;
  }
  std::string id;
  for (const xmlNode* n = xmlDocGetRootElement(book.get())->children; n && id.empty(); n = n->next)
    if (named(n, "sheets"))
      for (const xmlNode* s = n->children; s && id.empty(); s = s->next)
        if (named(s, "sheet")) id = attribute(s, "id");
  for (const xmlNode* r = xmlDocGetRootElement(links.get())->children; r; r = r->next) {
    if (!named(r, "Relationship") || attribute(r, "Id") != id || id.empty()) continue;
    std::string target = attribute(r, "Target");
    if (target.rfind("/", 0) == 0) return target.substr(1);
    return "xl/" + target;
  }
  error = "the workbook has no sheet";
  return std::nullopt;
}

}  // namespace

std::optional<Table> read_xlsx(const std::filesystem::path& source, std::string& error) {
  const std::string file = source.filename().string();
  std::error_code ec;
  if (std::filesystem::file_size(source, ec) > kMaxSourceBytes || ec) {
    error = file + (ec ? ": cannot read: " + ec.message() : ": larger than 64 MB");
    return std::nullopt;
  }
  int code = 0;
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(source.c_str(), ZIP_RDONLY, &code));
  if (!zip) {
    error = file + ": not an Excel workbook (.xlsx is a zip file; this is not one)";
    return std::nullopt;
  }
  std::string why;
  auto sheet_path = first_sheet(zip.get(), why);
  auto sheet_xml = sheet_path ? entry(zip.get(), *sheet_path, why) : std::nullopt;
  if (!sheet_xml) {
    error = file + ": " + why;
    return std::nullopt;
  }
  std::vector<std::string> shared;
  if (zip_name_locate(zip.get(), "xl/sharedStrings.xml", 0) >= 0) {
    auto xml = entry(zip.get(), "xl/sharedStrings.xml", why);
    Doc strings = xml ? parse(*xml) : nullptr;
    if (!strings) {
      error = file + ": " + (xml ? "its shared strings are not XML" : why);
      return std::nullopt;
    }
    for (const xmlNode* si = xmlDocGetRootElement(strings.get())->children; si; si = si->next)
      if (named(si, "si")) {
        shared.emplace_back();
        collect_text(si, shared.back());
      }
  }
  Doc sheet = parse(*sheet_xml);
  if (!sheet) {
    error = file + ": the sheet is not XML";
    return std::nullopt;
  }
  Table table;
  for (const xmlNode* data = xmlDocGetRootElement(sheet.get())->children; data; data = data->next) {
    if (!named(data, "sheetData")) continue;
    for (const xmlNode* row = data->children; row; row = row->next) {
      if (!named(row, "row")) continue;
      const std::size_t number = std::strtoul(attribute(row, "r").c_str(), nullptr, 10);
      if (table.rows.size() >= kMaxRows + 1) {
        error = file + ": more than " + std::to_string(kMaxRows) + " rows";
        return std::nullopt;
      }
      std::vector<std::string> cells;
      for (const xmlNode* c = row->children; c; c = c->next) {
        if (!named(c, "c")) continue;
        // A cell may leave out its reference: it is then the one after the previous cell.
        const std::string reference = attribute(c, "r");
        const std::size_t column = reference.empty() ? cells.size() : column_of(reference);
        if (column == SIZE_MAX || column > 1000) continue;
        const std::string type = attribute(c, "t");
        std::string value;
        if (type == "inlineStr") {
          for (const xmlNode* is = c->children; is; is = is->next)
            if (named(is, "is")) collect_text(is, value);
        } else {
          for (const xmlNode* v = c->children; v; v = v->next)
            if (named(v, "v")) value = content_of(v);
          if (type == "s") {
            const auto index = std::strtoul(value.c_str(), nullptr, 10);
            value = index < shared.size() ? shared[index] : std::string();
          }
        }
        if (intents::count_code_points(value) > kMaxCellChars) {
          error = file + ":row " + std::to_string(number) + ": a cell is longer than " +
                  std::to_string(kMaxCellChars) + " characters";
          return std::nullopt;
        }
        value = unescaped(value);
        if (cells.size() <= column) cells.resize(column + 1);
        cells[column] = std::move(value);
      }
      table.rows.push_back(std::move(cells));
      table.row_numbers.push_back(number == 0 ? table.rows.size() : number);
    }
  }
  if (table.rows.empty()) {
    error = file + ": the first sheet is empty (its first row names the columns)";
    return std::nullopt;
  }
  return table;
}

}  // namespace loket::server::import
