/**
 * The demo institute's self-evaluation for the GEAR round of 2026: per domain a reflection and per
 * criterion the institute's oordeel, in the register of the seeds (the Utrecht meerjarenbeleidsplan,
 * the AMC jaarverslag): what was planned, what was achieved with figures, what is not yet in view.
 * The figures are those of the demo's own data. Two gaps are left on purpose and said so: AN-3 (no
 * evidence of an onderzoekende houding in the practice) and OMM-4 (the budget is not in the dossier;
 * its oordeel "voldoet deels" without evidence shows how the dossier flags such a claim).
 */
type Oordeel = 'voldoet' | 'voldoet-deels' | 'voldoet-niet';
export interface DemoCriterionReflection { text: string; oordeel: Oordeel; sterktes?: string[]; verbeterpunten?: string[] }

export const DEMO_DOMAIN_REFLECTIONS: Record<string, string> = {
  'visie-kwaliteitsbeleid':
    'Het meerjarenbeleidsplan 2025-2027 is in 2026 uitgewerkt in een jaarplan met twee managementreviews (maart en september). Alle kwaliteitscycli lopen volgens PDCA en zijn gekoppeld aan de GEAR-domeinen; de cyclus Kwaliteit van de leerplek is als eerste volledig afgerond en teruggekoppeld. Het jaarverslag 2025 is in april vastgesteld. Verbeterpunt: de opvolging van besluiten uit de managementreview volgen we nog per cyclus, niet in één overzicht.',
  curriculum:
    'Het terugkomdagonderwijs wordt structureel geëvalueerd door aios, docenten en opleiders: in 2026 drie feedbackrondes op het programma communicatie en consultvoering en een evaluatie van alle terugkomdagen (n = 96 aios, gemiddeld 7,4). De curriculumcommissie besprak de uitkomsten in april en september en voegde een tweede oefenmiddag toe. De tevredenheid van derdejaars steeg van 6,8 (NIVEL 2018) naar 7,4; de streefwaarde van 7,82 voor 2027 is nog niet gehaald.',
  leeromgeving:
    'De kwaliteitscyclus voor opleiders en leerplek is in het opleidingsjaar 2025-2026 volledig doorlopen: startvisitaties door het HAO-team, LEOH-evaluaties in beide halfjaren met signalering bij lage scores op cruciale items, screening door de CMO en stagebezoeken bij alle zes stageplaatsen. 79% van de aios vindt het opleidingsklimaat veilig (70% in de NIVEL-enquête 2018); het streven is 84% in 2027. Wat we nog niet in beeld hebben, is hoe aios en opleiders wetenschappelijke inzichten in de praktijk gebruiken (AN-3).',
  'toetsing-beoordeling':
    'Het toetsplan 2026 legt per competentie en opleidingsjaar vast welke toetsmomenten er zijn. Beoordelaars zijn getraind in kalibratiesessies (31 opleiders en 12 docenten) en de toetscommissie evalueerde in oktober de kennistoets en de portfoliobeoordeling. De voortgangsgesprekken in de driehoek zijn bij 86% van de eerstejaars gevoerd; dat is de plek waar we tijdig besluiten over de opleiding nemen.',
  'organisatie-management-medewerkers':
    'Taken en mandaten van MT, commissies en HAO-team zijn in de organisatieregeling 2026 vastgelegd. Alle twaalf docenten kregen aios-feedback per terugkomdag en een 360-gradenfeedbackronde; elf van de twaalf hadden hun jaargesprek, allen volgden scholing. Klachten en signalen worden geregistreerd, getrieerd en afgehandeld. De middelen (begroting, huisvesting, ICT) zijn niet in dit dossier onderbouwd; de begroting 2027 volgt in december.',
};

export const DEMO_CRITERION_REFLECTIONS: Record<string, DemoCriterionReflection> = {
  'VKB-1': {
    oordeel: 'voldoet',
    text: 'De visie staat in het meerjarenbeleidsplan 2025-2027 en is voor 2026 uitgewerkt in het jaarplan met doelen voor kwaliteitszorg en formatie. Het jaarverslag 2025 beschrijft per doel wat is bereikt.',
    sterktes: ['Meerjarenbeleidsplan en jaarplan sluiten op elkaar aan'],
  },
  'VKB-2': {
    oordeel: 'voldoet',
    text: 'Elke cyclus heeft doelen, KPI\'s met een nulmeting (NIVEL 2018 of eigen inventarisatie) en een streefwaarde, eigenaren en termijnen. In 2026 liepen drie cycli; de cyclus Kwaliteit van de leerplek is afgerond.',
  },
  'VKB-3': {
    oordeel: 'voldoet',
    text: 'De managementreview is in 2026 twee keer gehouden (20 maart en 18 september), met notulen en een besluitenlijst. De besluiten over het veilig opleidingsklimaat en de VGB in de driehoek zijn in de cycli opgenomen.',
  },
  'VKB-4': {
    oordeel: 'voldoet-deels',
    text: 'Verbeteracties worden per cyclus vastgelegd met eigenaar en termijn; de actie op de VGB in de driehoek is afgerond en teruggekoppeld aan opleiders en docenten. Een overzicht van alle acties over de cycli heen ontbreekt nog.',
    verbeterpunten: ['Eén actielijst voor alle cycli, besproken in elke managementreview'],
  },
  'VKB-5': {
    oordeel: 'voldoet',
    text: 'Het jaarverslag 2025 is openbaar. Sinds juli 2026 delen we de KPI veilig opleidingsklimaat geanonimiseerd met de andere huisartsopleidingen voor de landelijke benchmark.',
  },
  'AN-1': {
    oordeel: 'voldoet',
    text: 'Het meerjarenbeleidsplan beschrijft het academisch niveau: generalistische en kritisch denkende huisartsen, met een leerlijn wetenschappelijke vorming en de samenwerking met de afdeling huisartsgeneeskunde.',
  },
  'CUR-1': {
    oordeel: 'voldoet',
    text: 'Het curriculum volgt het landelijk opleidingsplan; de onderwijsprogramma\'s van de terugkomdagen hebben leerdoelen per competentie. De curriculumcommissie besprak het curriculum op 15 september 2026.',
  },
  'CUR-2': {
    oordeel: 'voldoet-deels',
    text: 'Aios (n = 48), docenten (n = 9) en opleiders (n = 3) gaven in maart feedback op het programma communicatie en consultvoering; de evaluatie van alle terugkomdagen had een respons van 71%. De respons van opleiders blijft laag en de veiligheid van het opleidingsklimaat stijgt, maar haalt het doel nog niet.',
    sterktes: ['Vaste evaluatiecyclus per terugkomdag'],
    verbeterpunten: ['Respons van opleiders verhogen', 'Versnelling op het veilig opleidingsklimaat'],
  },
  'CUR-3': {
    oordeel: 'voldoet',
    text: 'Na de bespreking in de curriculumcommissie van 14 april is het programma communicatie en consultvoering herzien: per 1 september 2026 een tweede oefenmiddag met simulatiepatiënten.',
  },
  'CUR-4': {
    oordeel: 'voldoet',
    text: 'Met de zes stage-instellingen van het tweede jaar is in mei afgesproken welke terugkomdagthema\'s tijdens de klinische stage doorlopen. Docenten bezochten alle stageplaatsen.',
  },
  'AN-2': {
    oordeel: 'voldoet',
    text: 'De leerlijn wetenschappelijke vorming omvat EBM-onderwijs in elk opleidingsjaar en een beoordeeld onderzoeksproject in het derde jaar.',
  },
  'LO-1': {
    oordeel: 'voldoet',
    text: 'Het MT stelde in november 2025 criteria voor de leerplek vast. 24 opleidingspraktijken en zes stageplaatsen zijn geregistreerd; erkenningen worden drie maanden voor het einde gesignaleerd, en vier erkenningen die in mei 2026 afliepen staan op verlopen.',
  },
  'LO-2': {
    oordeel: 'voldoet',
    text: 'Nieuwe opleiders krijgen een startvisitatie door het HAO-team: eerst telefonisch, een week later een bezoek. In 2026 kwamen twee opleiders bij; de een is na een positief bezoek op 15 september erkend, van de ander volgt het verslag van het bezoek van 18 november. Vier eerder aangemelde opleiders wachten nog op (het vervolg van) hun startvisitatie.',
  },
  'LO-3': {
    oordeel: 'voldoet-deels',
    text: 'In juni 2026 vond 79% van de aios het opleidingsklimaat veilig (NIVEL 2018: 70%); het streven is een stijging van 20% tot 84% in 2027. Signalen uit de weekstart en één incident in een avonddienst zijn opgevolgd.',
    verbeterpunten: ['Training begeleiden en beoordelen verplicht voor nieuwe opleiders'],
  },
  'LO-4': {
    oordeel: 'voldoet',
    text: 'Aios evalueren hun opleider elk halfjaar met de LEOH; een score onder 3 op een cruciaal item (veiligheid, feedback, beschikbaarheid) geeft een signaal en een screening door de CMO. In 2026 leidde dat tot monitoring, een ondersteuningstraject en één afscheid.',
    sterktes: ['Signalering uit de LEOH werkt en leidt tot besluiten van de CMO'],
  },
  'LO-5': {
    oordeel: 'voldoet-deels',
    text: 'Alle zes stageplaatsen en een derde van de opleidingspraktijken zijn in 2026 bezocht. 86% van de eerstejaars had een VGB in de driehoek; de streefwaarde was 90%. Voor cohort 2026 is de VGB bij de start ingepland.',
  },
  'AN-3': {
    oordeel: 'voldoet-niet',
    text: 'We hebben in 2026 niet vastgelegd hoe aios en opleiders richtlijnen en wetenschappelijke inzichten in de praktijk gebruiken; de LEOH vraagt er niet naar. In 2027 nemen we een opdracht "kritisch bekeken" op in het leergesprek en meten we de opbrengst.',
    verbeterpunten: ['Opdracht "kritisch bekeken" in het leergesprek', 'Een LEOH-item over het gebruik van richtlijnen'],
  },
  'TB-1': {
    oordeel: 'voldoet',
    text: 'Het toetsplan 2026 koppelt elk toetsmoment aan de competenties en leerdoelen van het curriculum, per opleidingsjaar.',
  },
  'TB-2': {
    oordeel: 'voldoet',
    text: 'In april volgden 31 opleiders en 12 docenten een kalibratiesessie beoordelen; de criteria voor de portfoliobeoordeling staan in het toetsplan en zijn voor aios vooraf bekend.',
  },
  'TB-3': {
    oordeel: 'voldoet-deels',
    text: 'De voortgang wordt besproken in de VGB in de driehoek aios, opleider en docent. In het opleidingsjaar 2025-2026 had 86% van de eerstejaars zo\'n gesprek; de streefwaarde was 90%. Besluiten over de voortgang vallen daardoor bij enkele aios later dan gewenst.',
    verbeterpunten: ['VGB bij de start van het opleidingsjaar inplannen'],
  },
  'TB-4': {
    oordeel: 'voldoet',
    text: 'De toetscommissie evalueerde op 6 oktober 2026 de kennistoets en de portfoliobeoordeling en stelde twee aanpassingen voor aan het toetsplan 2027.',
  },
  'AN-4': {
    oordeel: 'voldoet',
    text: 'Het onderzoeksproject van derdejaars wordt beoordeeld met een vast beoordelingsformulier; EBM-vaardigheden zijn onderdeel van de portfoliobeoordeling.',
  },
  'OMM-1': {
    oordeel: 'voldoet',
    text: 'De organisatieregeling 2026 legt vast wie wat besluit: het MT, de curriculumcommissie, de toetscommissie, de CMO en het HAO-team.',
  },
  'OMM-2': {
    oordeel: 'voldoet',
    text: 'Alle twaalf docenten kregen per terugkomdag feedback van aios en een 360-gradenfeedbackronde; elf van de twaalf hadden hun jaargesprek in december 2025, één staat gepland.',
  },
  'OMM-3': {
    oordeel: 'voldoet',
    text: 'Alle docenten volgden in februari 2026 scholing (veilig leerklimaat of toetsing in de praktijk, 8 tot 16 uur) en elf namen deel aan intervisie over feedback op terugkomdagen.',
  },
  'OMM-4': {
    oordeel: 'voldoet-deels',
    text: 'De ICT voor de LEOH-evaluaties en de registratie van signalen is op orde. De begroting en de huisvesting zijn niet in dit dossier onderbouwd; de begroting 2027 wordt in december vastgesteld.',
    verbeterpunten: ['Begroting en huisvestingsplan als bewijs toevoegen'],
  },
  'OMM-5': {
    oordeel: 'voldoet',
    text: 'Klachten en signalen worden geregistreerd, getrieerd en afgehandeld: in 2025-2026 één klacht (afgehandeld met een werkafspraak), twee signalen uit de weekstart en één incident.',
  },
  'AN-5': {
    oordeel: 'voldoet',
    text: 'Het instituut is verbonden met de afdeling huisartsgeneeskunde; docenten met een onderzoeksaanstelling begeleiden de onderzoeksprojecten van derdejaars.',
  },
};
