"""Country names and their adjectives, so "Russian Central Election Commission",
"Central Election Commission of Russia" and "Russia's CEC" share one country qualifier.

One line per country: ``Name|adjective,adjective|other name,other name``. General
geography, not tied to any corpus; extend by adding lines.
"""

from __future__ import annotations

from functools import lru_cache

_COUNTRIES = """
Afghanistan|Afghan|
Albania|Albanian|
Algeria|Algerian|
Argentina|Argentine,Argentinian|
Armenia|Armenian|
Australia|Australian|
Austria|Austrian|
Azerbaijan|Azerbaijani,Azeri|Azerbaijan Republic,Republic of Azerbaijan
Bangladesh|Bangladeshi|
Belarus|Belarusian,Belarussian|Republic of Belarus
Belgium|Belgian|
Bolivia|Bolivian|
Bosnia and Herzegovina|Bosnian|Bosnia
Brazil|Brazilian|
Bulgaria|Bulgarian|
Cambodia|Cambodian|
Cameroon|Cameroonian|
Canada|Canadian|
Chile|Chilean|
China|Chinese|People's Republic of China,PRC
Colombia|Colombian|
Croatia|Croatian|
Cuba|Cuban|
Cyprus|Cypriot|
Czech Republic|Czech|Czechia
Democratic Republic of the Congo|Congolese|DRC,DR Congo,Democratic Republic of Congo,Congo-Kinshasa
Denmark|Danish|
Ecuador|Ecuadorian|
Egypt|Egyptian|
Estonia|Estonian|
Ethiopia|Ethiopian|
Finland|Finnish|
France|French|French Republic
Georgia|Georgian|
Germany|German|Federal Republic of Germany
Ghana|Ghanaian|
Greece|Greek|Hellenic Republic
Hungary|Hungarian|
India|Indian|
Indonesia|Indonesian|
Iran|Iranian|Islamic Republic of Iran
Iraq|Iraqi|
Ireland|Irish|
Israel|Israeli|
Italy|Italian|Italian Republic
Japan|Japanese|
Jordan|Jordanian|
Kazakhstan|Kazakh,Kazakhstani|Republic of Kazakhstan
Kenya|Kenyan|
Kosovo|Kosovar|
Kyrgyzstan|Kyrgyz|Kyrgyz Republic,Kirghizia
Latvia|Latvian|
Lebanon|Lebanese|
Lithuania|Lithuanian|
Malaysia|Malaysian|
Mexico|Mexican|
Moldova|Moldovan|Republic of Moldova
Mongolia|Mongolian|
Myanmar|Burmese|Burma
Montenegro|Montenegrin|
Morocco|Moroccan|
Netherlands|Dutch|Holland
New Zealand|New Zealand|
Nigeria|Nigerian|
North Korea|North Korean|DPRK
North Macedonia|Macedonian|Macedonia
Norway|Norwegian|
Pakistan|Pakistani|
Peru|Peruvian|
Philippines|Philippine,Filipino|
Poland|Polish|
Portugal|Portuguese|
Romania|Romanian|
Russia|Russian|Russian Federation
Saudi Arabia|Saudi|
Senegal|Senegalese|
Serbia|Serbian|
Slovakia|Slovak|
Slovenia|Slovenian|
South Africa|South African|
South Korea|South Korean|Republic of Korea
Spain|Spanish|
Sri Lanka|Sri Lankan|
Sweden|Swedish|
Switzerland|Swiss|
Syria|Syrian|
Taiwan|Taiwanese|
Tajikistan|Tajik|
Thailand|Thai|
Tunisia|Tunisian|
Turkey|Turkish|Turkiye,Türkiye
Turkmenistan|Turkmen|
Uganda|Ugandan|
Ukraine|Ukrainian|
United Kingdom|British|UK,U.K.,Britain,Great Britain
United States|American|US,U.S.,USA,U.S.A.,United States of America,America
Uruguay|Uruguayan|
Uzbekistan|Uzbek|
Venezuela|Venezuelan|
Vietnam|Vietnamese|Viet Nam
Zambia|Zambian|
Zimbabwe|Zimbabwean|
"""


@lru_cache(maxsize=1)
def country_table() -> dict[str, str]:
    """casefolded name / adjective / other name -> country name."""
    table: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        name, adjectives, others = (line.split("|") + ["", ""])[:3]
        for form in [name, *adjectives.split(","), *others.split(",")]:
            if form.strip():
                table[form.strip().casefold()] = name
    return table


@lru_cache(maxsize=100_000)
def country_of(text: str) -> str | None:
    """The country a name, adjective or official long form refers to ("Azeri" -> "Azerbaijan")."""
    key = " ".join(text.replace("’", "'").split()).casefold()
    if key.startswith("the "):
        key = key[4:]
    return country_table().get(key)
