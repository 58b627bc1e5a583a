#include "common/html_escape.hpp"

#include <gtest/gtest.h>

namespace sk {
namespace {

TEST(HtmlEscape, EscapesEveryCharacterThatCanEndAnAttributeOrStartATag) {
  EXPECT_EQ(escape_html(R"(<a href="x" onclick='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape_html("plain text, ünïcode"), "plain text, ünïcode");
}

}  // namespace
}  // namespace sk
