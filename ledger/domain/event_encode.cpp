// Encoding event bodies to their canonical bytes straight from the structs
// (no tree), and the wire names of the vocabularies. Members are written
// in canonical order; CanonicalObject stops the process if one is not.
#include <array>
#include <cstddef>

#include "ledger/codec/canonical_writer.hpp"
#include "ledger/domain/vocabulary.hpp"
#include "ledger/event_codec.hpp"

namespace ledger {
namespace {

namespace v = vocabulary;

template <class Enum, std::size_t N>
std::string_view Name(const std::array<std::string_view, N>& names, Enum value) {
  const auto i = static_cast<std::size_t>(value);
  LEDGER_CHECK(i < N);
  return names[i];
}

void Money(CanonicalObject& o, Fen fen) { o.Integer("amount_fen", fen.value); }

void WritePerson(CanonicalObject& o, std::string_view name, const Person& p) {
  o.Object(name, [&p](CanonicalObject& person) {
    if (p.display_name) person.String("display_name", *p.display_name);
    person.String("kind", NameOf(p.kind)).String("pseudonym", p.pseudonym);
  });
}

void WriteGift(CanonicalObject& o, const Gift& g) {
  Money(o, g.amount_fen);
  if (g.campaign) o.String("campaign", g.campaign->str());
  o.String("channel", NameOf(g.channel)).String("date", g.date.text);
  if (g.designation)
    o.Object("designation", [&d = *g.designation](CanonicalObject& designation) {
      if (d.project) designation.String("project", d.project->str());
      if (d.purpose) designation.String("purpose", NameOf(*d.purpose));
    });
  WritePerson(o, "donor", g.donor);
  o.String("fund", g.fund.str());
  if (g.in_kind)
    o.Object("in_kind", [&k = *g.in_kind](CanonicalObject& in_kind) {
      in_kind.String("description", k.description)
          .String("valuation_basis", NameOf(k.valuation_basis));
    });
  if (g.platform) o.String("platform", *g.platform);
  o.String("receipt", g.receipt.str());
  if (g.replaces) o.String("replaces", g.replaces->str());
}

void OptionalDate(CanonicalObject& o, const std::optional<Date>& date) {
  if (date) o.String("date", date->text);
}

void WriteTexts(CanonicalObject& o, std::string_view name, const std::vector<std::string>& texts) {
  o.Array(name, [&texts](CanonicalObject& a) {
    for (const std::string& text : texts) AppendCanonicalString(text, a.Element());
  });
}

void WriteFunds(CanonicalObject& o, const std::vector<FundId>& funds) {
  o.Array("funds", [&funds](CanonicalObject& a) {
    for (const FundId& fund : funds) AppendCanonicalString(fund.str(), a.Element());
  });
}

void WriteFiscal(CanonicalObject& o, std::string_view name, const FiscalNo& f) {
  o.Object(name, [&f](CanonicalObject& fiscal) {
    fiscal.String("check_code", f.check_code).String("code", f.code).String("number", f.number);
  });
}

void OptionalTranchePayment(CanonicalObject& o, const std::optional<ProjectId>& project,
                            const std::optional<int64_t>& tranche) {
  if (project) o.String("project", project->str());
  if (tranche) o.Integer("tranche", *tranche);
}

struct BodyWriter {
  CanonicalObject& o;

  void operator()(const Genesis& b) {
    o.String("log_key", b.log_key).String("origin", b.origin);
    o.Object("regulator", [&b](CanonicalObject& r) {
      r.String("id", b.regulator_id.str())
          .String("name", b.regulator_name)
          .String("public_key", b.regulator_public_key);
    });
  }
  void operator()(const OrgRegistered& b) {
    o.String("id", b.id.str()).String("kind", OrgKindName(b.kind));
    if (b.level) o.String("level", NameOf(*b.level));
    o.String("name", b.name).String("public_key", b.public_key);
    if (b.region) o.String("region", *b.region);
    o.Array("roles", [&b](CanonicalObject& a) {
      for (Role role : b.roles) AppendCanonicalString(RoleName(role), a.Element());
    });
  }
  void operator()(const OrgKeyRotated& b) {
    o.String("org", b.org.str()).String("public_key", b.public_key);
  }
  void operator()(const OrgSuspended& b) { o.String("org", b.org.str()).String("reason", b.reason); }
  void operator()(const FundOpened& b) {
    if (b.budget_fen) o.Integer("budget_fen", b.budget_fen->value);
    o.String("id", b.id.str()).String("kind", NameOf(b.kind)).String("name", b.name);
    o.String("owner", b.owner.str()).String("purpose", NameOf(b.purpose)).Bool("restricted", b.restricted);
  }
  void operator()(const LotteryRateSet& b) {
    o.String("effective_from", b.effective_from.text).String("game", b.game.str());
    o.Integer("welfare_rate_bp", b.welfare_rate_bp);
  }
  void operator()(const LotterySalesReported& b) {
    o.String("fund", b.fund.str()).String("game", b.game.str()).String("period", b.period.text);
    o.Integer("sales_fen", b.sales_fen.value).Integer("welfare_fen", b.welfare_fen.value);
    o.Integer("welfare_rate_bp", b.welfare_rate_bp);
  }
  void operator()(const DonationReceived& b) { WriteGift(o, b); }
  void operator()(const TrustEstablished& b) {
    o.String("filing_ref", b.filing_ref).String("fund", b.fund.str()).String("name", b.name);
    o.String("purpose", NameOf(b.purpose));
    WritePerson(o, "settlor", b.settlor);
  }
  void operator()(const TrustContributed& b) { WriteGift(o, b); }
  void operator()(const TrustIncomeRecorded& b) {
    Money(o, b.amount_fen);
    o.String("date", b.date.text).String("fund", b.fund.str()).String("reference", b.reference);
  }
  void operator()(const FundsTransferred& b) {
    Money(o, b.amount_fen);
    OptionalDate(o, b.date);
    o.String("from", b.from.str());
    if (b.project) o.String("project", b.project->str());
    o.String("reason", NameOf(b.reason)).String("reference", b.reference).String("to", b.to.str());
    if (b.tranche) o.Integer("tranche", *b.tranche);
  }
  void operator()(const DisbursementMade& b) {
    Money(o, b.amount_fen);
    o.Object("beneficiary", [&b](CanonicalObject& p) {
      p.String("kind", NameOf(b.beneficiary.kind)).String("pseudonym", b.beneficiary.pseudonym);
    });
    OptionalDate(o, b.date);
    o.String("fund", b.fund.str());
    if (b.project) o.String("project", b.project->str());
    o.String("purpose", NameOf(b.purpose)).String("reference", b.reference);
    if (b.tranche) o.Integer("tranche", *b.tranche);
  }
  void operator()(const ExpenseRecorded& b) {
    Money(o, b.amount_fen);
    o.String("category", NameOf(b.category));
    OptionalDate(o, b.date);
    o.String("fund", b.fund.str());
    OptionalTranchePayment(o, b.project, std::nullopt);
    if (b.reference) o.String("reference", *b.reference);
    OptionalTranchePayment(o, std::nullopt, b.tranche);
  }
  void operator()(const EventReversed& b) {
    o.String("reason", b.reason).Integer("seq", static_cast<int64_t>(b.seq.value));
  }
  void operator()(const OrgQualified& b) {
    o.String("certificate", b.certificate).String("date", b.date.text).String("org", b.org.str());
    o.Bool("qualified", b.qualified);
  }
  void operator()(const CampaignFiled& b) {
    o.String("end", b.end.text).String("filing_no", b.filing_no);
    WriteFunds(o, b.funds);
    o.String("id", b.id.str());
    WriteTexts(o, "platforms", b.platforms);
    o.Bool("public", b.is_public).String("purpose", NameOf(b.purpose)).String("region", b.region);
    o.String("start", b.start.text).Integer("target_fen", b.target_fen.value).String("title", b.title);
  }
  void operator()(const CampaignAmended& b) {
    o.String("campaign", b.campaign.str());
    if (b.end) o.String("end", b.end->text);
    if (b.funds) WriteFunds(o, *b.funds);
    if (b.platforms) WriteTexts(o, "platforms", *b.platforms);
    o.String("reason", b.reason);
    if (b.target_fen) o.Integer("target_fen", b.target_fen->value);
  }
  void operator()(const CampaignClosed& b) {
    o.String("campaign", b.campaign.str()).String("date", b.date.text);
    if (b.summary) o.String("summary", *b.summary);
  }
  void operator()(const ReceiptIssued& b) {
    Money(o, b.amount_fen);
    o.String("date", b.date.text);
    WriteFiscal(o, "fiscal", b.fiscal);
    o.String("receipt", b.receipt.str());
  }
  void operator()(const ReceiptVoided& b) {
    o.String("date", b.date.text).String("reason", b.reason).String("receipt", b.receipt.str());
  }
  void operator()(const ReceiptRedReversed& b) {
    o.String("date", b.date.text).String("reason", b.reason).String("receipt", b.receipt.str());
    WriteFiscal(o, "red", b.red);
  }
  void operator()(const DisclosurePublished& b) {
    o.String("date", b.date.text).String("kind", NameOf(b.kind)).String("period", b.period);
    o.String("sha256", b.sha256).String("subject", b.subject).String("url", b.url);
  }
  void operator()(const OrgLocated& b) {
    o.String("level", NameOf(b.level)).String("org", b.org.str()).String("region", b.region);
  }
  void operator()(const AppropriationReceived& b) {
    Money(o, b.amount_fen);
    o.String("date", b.date.text).String("document", b.document).Integer("fiscal_year", b.fiscal_year);
    o.String("fund", b.fund.str()).String("level", NameOf(b.level));
  }
  void operator()(const LotteryShareSet& b) {
    o.String("effective_from", b.effective_from.text).String("from_level", NameOf(b.from_level));
    if (b.region) o.String("region", *b.region);
    o.Integer("share_bp", b.share_bp).String("to_level", NameOf(b.to_level));
  }
  void operator()(const ProjectApplied& b) {
    Money(o, b.amount_fen);
    o.String("end", b.end.text).String("id", b.id.str()).String("programme", b.programme);
    o.String("purpose", NameOf(b.purpose)).String("region", b.region).String("start", b.start.text);
    o.String("title", b.title);
  }
  void operator()(const ProjectApproved& b) {
    Money(o, b.amount_fen);
    o.String("document", b.document).String("fund", b.fund.str()).String("project", b.project.str());
    o.Array("tranches", [&b](CanonicalObject& a) {
      for (const Tranche& t : b.tranches)
        a.ElementObject([&t](CanonicalObject& tranche) {
          tranche.Integer("amount_fen", t.amount_fen.value).Bool("needs_evaluation", t.needs_evaluation);
          tranche.Integer("no", t.no);
        });
    });
  }
  void operator()(const ProjectRejected& b) { o.String("project", b.project.str()).String("reason", b.reason); }
  void operator()(const CommitmentReleased& b) {
    Money(o, b.amount_fen);
    o.String("project", b.project.str()).String("reason", b.reason);
  }
  void operator()(const ProjectMilestoneReported& b) {
    o.Array("indicators", [&b](CanonicalObject& a) {
      for (const Indicator& i : b.indicators)
        a.ElementObject([&i](CanonicalObject& indicator) {
          indicator.String("name", i.name).String("unit", i.unit).String("value", i.value);
        });
    });
    o.String("project", b.project.str()).String("sha256", b.sha256).Integer("tranche", b.tranche);
  }
  void operator()(const ProjectEvaluated& b) {
    o.String("grade", NameOf(b.grade)).String("project", b.project.str()).Integer("score", b.score);
    o.String("sha256", b.sha256);
    if (b.tranche) o.Integer("tranche", *b.tranche);
  }
  void operator()(const ProjectClosed& b) {
    o.String("date", b.date.text).String("leftover", NameOf(b.leftover));
    if (b.note) o.String("note", *b.note);
    o.String("project", b.project.str());
  }
};

}  // namespace

std::string_view NameOf(FundKind v) { return Name(v::kFundKinds, v); }
std::string_view NameOf(Purpose v) { return Name(v::kPurposes, v); }
std::string_view NameOf(Channel v) { return Name(v::kChannels, v); }
std::string_view NameOf(DonorKind v) { return Name(v::kDonorKinds, v); }
std::string_view NameOf(BeneficiaryKind v) { return Name(v::kBeneficiaryKinds, v); }
std::string_view NameOf(ValuationBasis v) { return Name(v::kValuationBases, v); }
std::string_view NameOf(TransferReason v) { return Name(v::kTransferReasons, v); }
std::string_view NameOf(ExpenseCategory v) { return Name(v::kExpenseCategories, v); }
std::string_view NameOf(DisclosureKind v) { return Name(v::kDisclosureKinds, v); }
std::string_view NameOf(Level v) { return Name(v::kLevels, v); }
std::string_view NameOf(Grade v) { return Name(v::kGrades, v); }
std::string_view NameOf(Leftover v) { return Name(v::kLeftovers, v); }

std::optional<Purpose> ParsePurpose(std::string_view name) {
  for (std::size_t i = 0; i < v::kPurposes.size(); ++i)
    if (v::kPurposes[i] == name) return static_cast<Purpose>(i);
  return std::nullopt;
}

void AppendBody(const EventBody& body, std::string& out) {
  CanonicalObject object(out);
  std::visit(BodyWriter{object}, body);
}

std::string EncodeBody(const EventBody& body) {
  std::string out;
  out.reserve(512);
  AppendBody(body, out);
  return out;
}

std::string ContentBytes(std::string_view type, std::string_view idem, std::string_view body_bytes) {
  std::string out;
  out.reserve(body_bytes.size() + idem.size() + type.size() + 32);
  CanonicalObject(out).Raw("body", body_bytes).String("idem", idem).String("type", type);
  return out;
}

Event MakeEvent(EventBody body, std::string idem) {
  Event event;
  event.type = &EventTypeOf(KindOf(body));
  event.idem = std::move(idem);
  event.body_bytes = EncodeBody(body);
  event.body = std::move(body);
  event.content_hash = Sha256(ContentBytes(event.type->name, event.idem, event.body_bytes));
  return event;
}

}  // namespace ledger
