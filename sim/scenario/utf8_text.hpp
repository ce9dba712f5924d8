// Raw bytes made fit for a message.
#pragma once

#include <string>
#include <string_view>

namespace ccsim {

// `text` with each byte that is not part of well-formed UTF-8 written as \xHH: what a message
// quotes from raw input (the JSON parser's view of a file, a command-line argument) is always
// valid text, and can itself be written out as JSON.
std::string escape_invalid_utf8(std::string_view text);

}  // namespace ccsim
