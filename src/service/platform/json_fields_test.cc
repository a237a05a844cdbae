#include "service/platform/json_fields.h"

#include <gtest/gtest.h>

namespace motcua::service {
namespace {

using nlohmann::json;

// Returns the one field an error names, or "" when it names none.
std::string FieldOf(const Status& st) {
  return st.fields().size() == 1 ? st.fields()[0].field : "";
}

TEST(JsonFieldsTest, AbsentAndNullReadAsTheDefault) {
  const json j = {{"n", nullptr}};
  EXPECT_EQ(*StringField(j, "s"), "");
  EXPECT_EQ(*StringField(j, "n"), "");
  EXPECT_TRUE(*BoolField(j, "b", true));
  EXPECT_EQ(*IntField(j, "n", 7), 7);
  EXPECT_EQ(*NumberField(j, "x", 1.5), 1.5);
  EXPECT_TRUE(StringListField(j, "l").value().empty());
  // A value that is not an object has no fields.
  EXPECT_EQ(*IntField(json(3), "n", 4), 4);
  EXPECT_EQ(*StringField(json::array(), "s"), "");
}

TEST(JsonFieldsTest, ReadsValuesOfTheRightType) {
  const json j = json::parse(R"({"s":"Hộ tịch","b":false,"i":-3,"x":2.5,"l":["a","b"]})");
  EXPECT_EQ(*StringField(j, "s"), "Hộ tịch");
  EXPECT_FALSE(*BoolField(j, "b", true));
  EXPECT_EQ(*IntField(j, "i", 0), -3);
  EXPECT_EQ(*NumberField(j, "x", 0), 2.5);
  EXPECT_EQ(*NumberField(j, "i", 0), -3);
  EXPECT_EQ(*StringListField(j, "l"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*RequiredStringField(j, "s"), "Hộ tịch");
}

// The bad inputs of issue 14: each is a field error naming the field, never an exception.
TEST(JsonFieldsTest, WrongTypesAreFieldErrorsNamingTheField) {
  const json j = json::parse(
      R"({"original":7,"exception":"x","expires_days":"x","name_vi":7,"frac":1.5,
          "huge":18446744073709551615,"flag":1,"list":"a","mixed":["a",2],"empty":[""]})");
  struct Case {
    Status st;
    std::string field;
  };
  const Case cases[] = {
      {BoolField(j, "original", false, "components/0/original").status(), "components/0/original"},
      {BoolField(j, "exception", false).status(), "exception"},
      {BoolField(j, "flag", false).status(), "flag"},
      {IntField(j, "expires_days", 0).status(), "expires_days"},
      {IntField(j, "frac", 0).status(), "frac"},
      {IntField(j, "huge", 0).status(), "huge"},
      {StringField(j, "name_vi", 100, "days_off[0].name_vi").status(), "days_off[0].name_vi"},
      {NumberField(j, "exception", 0).status(), "exception"},
      {StringListField(j, "list").status(), "list"},
      {StringListField(j, "mixed").status(), "mixed"},
      {StringListField(j, "empty").status(), "empty"},
      {RequiredStringField(j, "absent").status(), "absent"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.st.code(), Code::kInvalidArgument) << c.field;
    EXPECT_EQ(FieldOf(c.st), c.field);
  }
}

TEST(JsonFieldsTest, TextIsLimitedAndMustBeUtf8) {
  json j = json::object();
  j["long"] = std::string(11, 'a');
  j["bad"] = std::string("l\xffy do");  // built in code: a parsed body cannot hold it
  EXPECT_EQ(FieldOf(StringField(j, "long", 10).status()), "long");
  EXPECT_TRUE(StringField(j, "long", 11).ok());
  const Status bad = StringField(j, "bad").status();
  EXPECT_EQ(FieldOf(bad), "bad");
  EXPECT_EQ(bad.fields()[0].message, "must be valid UTF-8");
}

TEST(JsonFieldsTest, TakeFieldCollectsEveryError) {
  const json j = json::parse(R"({"a":1,"b":"x","c":"ok"})");
  std::vector<FieldError> errors;
  std::string a = "kept", c;
  bool b = false;
  EXPECT_FALSE(TakeField(StringField(j, "a"), &a, &errors));
  EXPECT_FALSE(TakeField(BoolField(j, "b", false), &b, &errors));
  EXPECT_TRUE(TakeField(StringField(j, "c"), &c, &errors));
  EXPECT_EQ(a, "kept");
  EXPECT_EQ(c, "ok");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "a");
  EXPECT_EQ(errors[1].field, "b");
}

}  // namespace
}  // namespace motcua::service
