/**
 * Topic expansion data: a topic typed by a user also finds articles that name it another way.
 * One line per entity: `names | demonyms | capital and other strong cues`, comma-separated.
 * The first name is the canonical one. Names in `LOOKUP_ONLY` are recognised when typed but never
 * searched for, because as words they mean something else ("us").
 * To extend: add a line.
 */
export const TOPIC_TABLE = `
afghanistan | afghan, afghans | kabul, taliban
albania | albanian, albanians | tirana
algeria | algerian, algerians | algiers
argentina | argentine, argentinian, argentinians | buenos aires
armenia | armenian, armenians | yerevan
australia | australian, australians | canberra
austria | austrian, austrians | vienna
azerbaijan | azerbaijani, azerbaijanis | baku
bahrain | bahraini, bahrainis | manama
bangladesh | bangladeshi, bangladeshis | dhaka
belarus | belarusian, belarusians | minsk
belgium | belgian, belgians | brussels
bolivia | bolivian, bolivians | la paz, sucre
bosnia, bosnia and herzegovina | bosnian, bosnians | sarajevo
brazil | brazilian, brazilians | brasilia, brasília
bulgaria | bulgarian, bulgarians | sofia
cambodia | cambodian, cambodians | phnom penh
canada | canadian, canadians | ottawa
chile | chilean, chileans | santiago
china | chinese | beijing
colombia | colombian, colombians | bogota, bogotá
croatia | croatian, croatians, croat, croats | zagreb
cuba | cuban, cubans | havana
cyprus | cypriot, cypriots | nicosia
czech republic, czechia | czech, czechs | prague
denmark | danish, dane, danes | copenhagen
egypt | egyptian, egyptians | cairo
estonia | estonian, estonians | tallinn
ethiopia | ethiopian, ethiopians | addis ababa
finland | finnish, finn, finns | helsinki
france | french | paris, élysée, elysee
georgia | georgian, georgians | tbilisi
germany | german, germans | berlin, bundestag
greece | greek, greeks | athens
hungary | hungarian, hungarians | budapest
india | indian, indians | new delhi
indonesia | indonesian, indonesians | jakarta
iran | iranian, iranians | tehran
iraq | iraqi, iraqis | baghdad
ireland | irish | dublin
israel | israeli, israelis | jerusalem, knesset
italy | italian, italians | rome
japan | japanese | tokyo
jordan | jordanian, jordanians | amman
kazakhstan | kazakh, kazakhs | astana
kenya | kenyan, kenyans | nairobi
kuwait | kuwaiti, kuwaitis | kuwait city
lebanon | lebanese | beirut, hezbollah
libya | libyan, libyans | tripoli
lithuania | lithuanian, lithuanians | vilnius
latvia | latvian, latvians | riga
malaysia | malaysian, malaysians | kuala lumpur
mexico | mexican, mexicans | mexico city
moldova | moldovan, moldovans | chisinau
morocco | moroccan, moroccans | rabat
myanmar, burma | burmese | naypyidaw, yangon
netherlands, holland | dutch | amsterdam, the hague
new zealand | new zealander, new zealanders | wellington
nigeria | nigerian, nigerians | abuja
north korea | north korean, north koreans | pyongyang
norway | norwegian, norwegians | oslo
oman | omani, omanis | muscat
pakistan | pakistani, pakistanis | islamabad
palestine, palestinian territories | palestinian, palestinians | ramallah, gaza, west bank
peru | peruvian, peruvians | lima
philippines | filipino, filipinos, philippine | manila
poland | polish, pole, poles | warsaw
portugal | portuguese | lisbon
qatar | qatari, qataris | doha
romania | romanian, romanians | bucharest
russia | russian, russians | moscow, kremlin
saudi arabia | saudi, saudis | riyadh
serbia | serbian, serbians, serb, serbs | belgrade
singapore | singaporean, singaporeans |
slovakia | slovak, slovaks | bratislava
slovenia | slovenian, slovenians, slovene | ljubljana
somalia | somali, somalis | mogadishu
south africa | south african, south africans | pretoria, johannesburg, cape town
south korea | south korean, south koreans | seoul
spain | spanish, spaniard, spaniards | madrid
sudan | sudanese | khartoum
sweden | swedish, swede, swedes | stockholm
switzerland | swiss | bern, geneva, zurich
syria | syrian, syrians | damascus
taiwan | taiwanese | taipei
thailand | thai, thais | bangkok
turkey, türkiye | turkish, turk, turks | ankara, istanbul
ukraine | ukrainian, ukrainians | kyiv, kiev
united arab emirates, uae | emirati, emiratis | abu dhabi, dubai
united kingdom, britain, great britain, u.k., uk | british, briton, britons | london, downing street, westminster
united states, u.s., us, usa, america | american, americans | washington, white house, congress
venezuela | venezuelan, venezuelans | caracas
vietnam | vietnamese | hanoi
yemen | yemeni, yemenis | sanaa, houthi, houthis
european union, eu | european | brussels
united nations, un, u.n. | | security council
nato | | alliance
`;

/** Typed names that are recognised but, being ordinary words, never searched for. */
export const LOOKUP_ONLY = new Set(['us', 'un', 'uk', 'eu', 'uae']);
