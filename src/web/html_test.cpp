#include "web/html.hpp"

#include <gtest/gtest.h>

namespace sk::web {
namespace {

TEST(Html, FillEscapesTextButKeepsMarkupAndHtmlFragments) {
  const Html inner = fill("<em>{}</em>", "<script>");
  const Html page = fill("<p title=\"{}\">{} {} {}</p>", "\"quoted\"", inner, 42, std::string("a&b"));
  EXPECT_EQ(page.str(), "<p title=\"&quot;quoted&quot;\"><em>&lt;script&gt;</em> 42 a&amp;b</p>");
}

TEST(Html, FillWithoutHolesIsTheLiteral) { EXPECT_EQ(fill("<hr>").str(), "<hr>"); }

TEST(Html, JoinConcatenatesFragments) {
  EXPECT_EQ(join({fill("<li>{}</li>", "a<"), fill("<li>{}</li>", "b")}).str(), "<li>a&lt;</li><li>b</li>");
}

}  // namespace
}  // namespace sk::web
