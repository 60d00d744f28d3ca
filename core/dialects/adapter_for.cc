// The adapter table: wire format -> adapter.
#include "core/dialects/dialect.h"

namespace gw {

const ProviderAdapter& adapter_for(WireFormat wire) {
  switch (wire) {
    case WireFormat::kAnthropic:
      return anthropic_adapter();
    case WireFormat::kGemini:
      return gemini_adapter();
    case WireFormat::kOpenAI:
    case WireFormat::kMock:
      return openai_adapter();
  }
  return openai_adapter();
}

bool same_format(ClientFormat client, WireFormat wire) {
  return client == ClientFormat::kOpenAIChat && (wire == WireFormat::kOpenAI || wire == WireFormat::kMock);
}

}  // namespace gw
