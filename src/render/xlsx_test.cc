#include "render/xlsx.h"

#include <gtest/gtest.h>

namespace motcua::render {
namespace {

TEST(XlsxTest, AWorkbookIsAZipWithTheSheetsAndTheirText) {
  XlsxSheet s{"Thon ban", {{std::string("Thôn, bản"), std::string("Số hộ")},
                           {std::string("Bản Nà Lĩu"), 12.0},
                           {std::string("Bản Co Muông"), XlsxCell()}}};
  auto bytes = RenderXlsx({s, XlsxSheet{"Trend", {{std::string("Tháng")}}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  // Sheet names go into the workbook's part names.
  EXPECT_NE(bytes->find("xl/worksheets/sheet2.xml"), std::string::npos);
}

TEST(XlsxTest, ABadSheetNameIsMadeGood) {
  // Excel refuses []:*?/\ in a sheet name: they become '_' rather than failing the export.
  auto bytes = RenderXlsx({XlsxSheet{"a/b:c*", {}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(bytes->substr(0, 2), "PK");
}

}  // namespace
}  // namespace motcua::render
