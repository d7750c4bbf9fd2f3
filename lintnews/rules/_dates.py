"""Month names of the languages the comment rules read dates in (a regex alternation, matched
case-insensitively): English, German, French, Spanish, Portuguese, Italian and Dutch, full and
abbreviated."""

MONTHS = (r"jan(?:uary|uar|vier|eiro|naio)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fev(?:ereiro)?|febbraio|"
          r"mar(?:ch|s|zo|ço)?|märz|maart|apr(?:il|ile|il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maio|"
          r"maggio|mei|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juil(?:let)?|luglio|aug(?:ust|ustus)?|"
          r"ao[uû]t|ago(?:sto)?|sep(?:t|tember|tiembre|tembre)?|set(?:embro|tembre)?|oct(?:ober|obre)?|"
          r"okt(?:ober)?|out(?:ubro)?|ott(?:obre)?|nov(?:ember|embre|embro)?|dec(?:ember)?|d[ée]c(?:embre)?|"
          r"dez(?:ember|embro)?|dic(?:iembre|embre)?")
