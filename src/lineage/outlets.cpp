// The outlet alias table shipped with stemma: how articles name the outlets
// they draw on ("The New York Times" = "NYT" = "the Times" = nytimes.com).
// Our own list of widely cited news organisations and wire services; names are
// matched after text::normalize (lower case, folded punctuation).
#include "lineage/lineage.h"
#include "text/text.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace stemma::lineage {
namespace {

struct Entry {
  const char* name;    // display name
  const char* aliases; // ';'-separated, as written in articles
  const char* domains; // ';'-separated
  bool wire;
};

// Aliases that are ordinary words on their own ("Times", "Post", "Sun", "Mail")
// are listed only with a distinguishing word, so that "the post office" names no one.
constexpr Entry kOutlets[] = {
    {"The Associated Press", "Associated Press;AP;the AP;AP News", "apnews.com;ap.org", true},
    {"Reuters", "Reuters;Thomson Reuters", "reuters.com", true},
    {"Agence France-Presse", "Agence France-Presse;Agence France Presse;AFP", "afp.com", true},
    {"Press Association", "Press Association;PA Media;the PA news agency;PA news agency", "pa.media;pressassociation.com", true},
    {"Bloomberg", "Bloomberg;Bloomberg News", "bloomberg.com", true},
    {"dpa", "dpa;Deutsche Presse-Agentur", "dpa.com", true},
    {"United Press International", "United Press International;UPI", "upi.com", true},
    {"Xinhua", "Xinhua;Xinhua News Agency", "xinhuanet.com;news.cn", true},
    {"TASS", "TASS;ITAR-TASS", "tass.com;tass.ru", true},
    {"Interfax", "Interfax", "interfax.com;interfax.ru", true},
    {"Kyodo News", "Kyodo;Kyodo News", "kyodonews.net", true},
    {"ANSA", "ANSA", "ansa.it", true},
    {"EFE", "EFE;Agencia EFE", "efe.com", true},
    {"The New York Times", "New York Times;NYT;NY Times;the Times of New York", "nytimes.com", false},
    {"The Washington Post", "Washington Post;WaPo;the Post of Washington", "washingtonpost.com", false},
    {"The Wall Street Journal", "Wall Street Journal;WSJ;the Journal of Wall Street", "wsj.com", false},
    {"Politico", "Politico;Politico Europe;Politico EU", "politico.com;politico.eu", false},
    {"Washington Examiner", "Washington Examiner;the Examiner of Washington", "washingtonexaminer.com", false},
    {"The Washington Times", "Washington Times", "washingtontimes.com", false},
    {"NBC News", "NBC News;NBC", "nbcnews.com;nbc.com", false},
    {"CBS News", "CBS News;CBS", "cbsnews.com", false},
    {"ABC News", "ABC News;ABC", "abcnews.go.com;abcnews.com", false},
    {"CNN", "CNN;Cable News Network", "cnn.com", false},
    {"Fox News", "Fox News;Fox News Channel;Fox", "foxnews.com", false},
    {"MSNBC", "MSNBC", "msnbc.com", false},
    {"CNBC", "CNBC", "cnbc.com", false},
    {"NPR", "NPR;National Public Radio", "npr.org", false},
    {"PBS", "PBS;PBS NewsHour", "pbs.org", false},
    {"USA Today", "USA Today", "usatoday.com", false},
    {"Los Angeles Times", "Los Angeles Times;LA Times;L.A. Times", "latimes.com", false},
    {"Chicago Tribune", "Chicago Tribune", "chicagotribune.com", false},
    {"The Boston Globe", "Boston Globe", "bostonglobe.com", false},
    {"New York Post", "New York Post;NY Post", "nypost.com", false},
    {"Axios", "Axios", "axios.com", false},
    {"The Hill", "The Hill", "thehill.com", false},
    {"Newsweek", "Newsweek", "newsweek.com", false},
    {"Time", "Time magazine;TIME magazine", "time.com", false},
    {"The Atlantic", "The Atlantic", "theatlantic.com", false},
    {"The New Yorker", "New Yorker", "newyorker.com", false},
    {"Vox", "Vox", "vox.com", false},
    {"BuzzFeed News", "BuzzFeed News;BuzzFeed", "buzzfeednews.com;buzzfeed.com", false},
    {"HuffPost", "HuffPost;Huffington Post", "huffpost.com;huffingtonpost.com", false},
    {"The Daily Beast", "Daily Beast", "thedailybeast.com", false},
    {"Business Insider", "Business Insider;Insider", "businessinsider.com;insider.com", false},
    {"Forbes", "Forbes", "forbes.com", false},
    {"Yahoo News", "Yahoo News;Yahoo", "news.yahoo.com;yahoo.com", false},
    {"Breitbart", "Breitbart;Breitbart News", "breitbart.com", false},
    {"The Daily Caller", "Daily Caller", "dailycaller.com", false},
    {"The Daily Wire", "Daily Wire", "dailywire.com", false},
    {"The Federalist", "The Federalist", "thefederalist.com", false},
    {"National Review", "National Review", "nationalreview.com", false},
    {"The Epoch Times", "Epoch Times", "theepochtimes.com", false},
    {"ZeroHedge", "ZeroHedge;Zero Hedge", "zerohedge.com", false},
    {"The Intercept", "The Intercept", "theintercept.com", false},
    {"ProPublica", "ProPublica", "propublica.org", false},
    {"Financial Times", "Financial Times;FT", "ft.com", false},
    {"The Economist", "The Economist", "economist.com", false},
    {"BBC", "BBC;BBC News;the British Broadcasting Corporation", "bbc.co.uk;bbc.com", false},
    {"The Guardian", "Guardian;the Guardian newspaper", "theguardian.com;guardian.co.uk", false},
    {"The Times", "The Times of London;The Times (London);The Sunday Times", "thetimes.co.uk", false},
    {"The Daily Telegraph", "Daily Telegraph;The Telegraph;Sunday Telegraph", "telegraph.co.uk", false},
    {"The Independent", "The Independent", "independent.co.uk", false},
    {"Daily Mail", "Daily Mail;Mail Online;MailOnline;the Mail on Sunday", "dailymail.co.uk", false},
    {"Daily Mirror", "Daily Mirror;The Mirror", "mirror.co.uk", false},
    {"The Sun", "The Sun newspaper;The Sun (UK)", "thesun.co.uk", false},
    {"Daily Express", "Daily Express;The Express", "express.co.uk", false},
    {"Daily Star", "Daily Star", "dailystar.co.uk", false},
    {"Evening Standard", "Evening Standard", "standard.co.uk", false},
    {"Sky News", "Sky News", "news.sky.com;sky.com", false},
    {"ITV News", "ITV News", "itv.com", false},
    {"Channel 4 News", "Channel 4 News", "channel4.com", false},
    {"The Scotsman", "The Scotsman", "scotsman.com", false},
    {"The Irish Times", "Irish Times", "irishtimes.com", false},
    {"Al Jazeera", "Al Jazeera;Al-Jazeera", "aljazeera.com", false},
    {"Deutsche Welle", "Deutsche Welle;DW", "dw.com", false},
    {"Der Spiegel", "Der Spiegel;Spiegel", "spiegel.de", false},
    {"Le Monde", "Le Monde", "lemonde.fr", false},
    {"Le Figaro", "Le Figaro", "lefigaro.fr", false},
    {"El País", "El País;El Pais", "elpais.com", false},
    {"Corriere della Sera", "Corriere della Sera", "corriere.it", false},
    {"RT", "RT;Russia Today", "rt.com", false},
    {"Sputnik", "Sputnik;Sputnik News", "sputniknews.com", false},
    {"Kyiv Independent", "Kyiv Independent", "kyivindependent.com", false},
    {"The Moscow Times", "Moscow Times", "themoscowtimes.com", false},
    {"South China Morning Post", "South China Morning Post;SCMP", "scmp.com", false},
    {"The Times of India", "Times of India", "timesofindia.indiatimes.com;indiatimes.com", false},
    {"The Sydney Morning Herald", "Sydney Morning Herald", "smh.com.au", false},
    {"ABC Australia", "ABC Australia;Australian Broadcasting Corporation", "abc.net.au", false},
    {"CBC News", "CBC News;CBC;Canadian Broadcasting Corporation", "cbc.ca", false},
    {"The Globe and Mail", "Globe and Mail", "theglobeandmail.com", false},
    {"TechCrunch", "TechCrunch", "techcrunch.com", false},
    {"The Verge", "The Verge", "theverge.com", false},
    {"Wired", "Wired;Wired magazine", "wired.com", false},
    {"Ars Technica", "Ars Technica", "arstechnica.com", false},
    {"Semafor", "Semafor", "semafor.com", false},
    {"The Telegraph (Calcutta)", "The Telegraph India", "telegraphindia.com", false},
};

struct Tables {
  std::vector<Outlet> outlets;
  std::unordered_map<std::string, std::size_t> by_name, by_domain;
};

const Tables& tables() {
  static const Tables t = [] {
    Tables t;
    const auto split = [](std::string_view list) {
      std::vector<std::string> out;
      while (!list.empty()) {
        const std::size_t semi = list.find(';');
        out.emplace_back(list.substr(0, semi));
        list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
      }
      return out;
    };
    for (const Entry& e : kOutlets) {
      Outlet o;
      o.name = e.name;
      o.key = text::normalize(e.name);
      if (o.key.starts_with("the ")) o.key.erase(0, 4);
      o.wire = e.wire;
      o.domains = split(e.domains);
      const std::size_t index = t.outlets.size();
      for (const std::string& alias : split(e.aliases)) {
        std::string n = text::normalize(alias);
        o.aliases.push_back(n);
        t.by_name.emplace(n, index);
        if (n.starts_with("the ")) t.by_name.emplace(n.substr(4), index);
        else t.by_name.emplace("the " + n, index);
      }
      const std::string full = text::normalize(e.name);
      t.by_name.emplace(full, index);
      t.by_name.emplace(o.key, index);
      for (const std::string& d : o.domains) t.by_domain.emplace(d, index);
      t.outlets.push_back(std::move(o));
    }
    return t;
  }();
  return t;
}

} // namespace

const Outlet* outlet_by_name(std::string_view normalized_name) {
  const Tables& t = tables();
  const auto it = t.by_name.find(std::string(normalized_name));
  return it == t.by_name.end() ? nullptr : &t.outlets[it->second];
}

const Outlet* outlet_by_host(std::string_view host) {
  const Tables& t = tables();
  // "edition.cnn.com" -> "cnn.com": try the host, then each parent domain.
  while (!host.empty()) {
    const auto it = t.by_domain.find(std::string(host));
    if (it != t.by_domain.end()) return &t.outlets[it->second];
    const std::size_t dot = host.find('.');
    if (dot == std::string_view::npos || host.find('.', dot + 1) == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return nullptr;
}

const std::vector<Outlet>& known_outlets() { return tables().outlets; }

std::string outlet_key(std::string_view name) {
  std::string n = text::normalize(name);
  if (const Outlet* o = outlet_by_name(n)) return o->key;
  if (n.starts_with("the ")) n.erase(0, 4);
  return n;
}

std::string host_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#:"));
  std::string host(url);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

} // namespace stemma::lineage
