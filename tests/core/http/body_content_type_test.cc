// body_content_type_test.cc - the Content-Type each kind of route accepts.
#include "core/http/body_content_type.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("content type: JSON routes take application/json, with parameters, or a +json type") {
  CHECK(content_type_fits(BodyType::kJson, "application/json"));
  CHECK(content_type_fits(BodyType::kJson, "application/json; charset=utf-8"));
  CHECK(content_type_fits(BodyType::kJson, "Application/JSON;charset=UTF-8"));
  CHECK(content_type_fits(BodyType::kJson, " application/json "));
  CHECK(content_type_fits(BodyType::kJson, "application/vnd.api+json"));
  // What a web page can send cross-site without a preflight, and nothing at all.
  CHECK_FALSE(content_type_fits(BodyType::kJson, "text/plain"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "text/plain;charset=UTF-8"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "application/x-www-form-urlencoded"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "multipart/form-data; boundary=x"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, ""));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "text/json"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "application/+json"));
  CHECK_FALSE(content_type_fits(BodyType::kJson, "application/jsonx"));
}

TEST_CASE("content type: upload routes take multipart/form-data only") {
  CHECK(content_type_fits(BodyType::kMultipart, "multipart/form-data; boundary=----abc"));
  CHECK(content_type_fits(BodyType::kMultipart, "Multipart/Form-Data;boundary=x"));
  CHECK_FALSE(content_type_fits(BodyType::kMultipart, "application/json"));
  CHECK_FALSE(content_type_fits(BodyType::kMultipart, "text/plain"));
  CHECK_FALSE(content_type_fits(BodyType::kMultipart, ""));
  CHECK(expected_content_type(BodyType::kMultipart) == "multipart/form-data");
}

}  // namespace gw
