/**
 * Stop-word lists for the languages news pages most often come in: jusText's signal that a line is
 * running prose (many function words) rather than navigation or a headline (few).
 * Heuristics as data: add a language by adding a list.
 */

const ENGLISH = `a about above after again against all also although am among an and another any are aren't
around as at back be because been before being below between both but by can can't cannot could couldn't
did didn't do does doesn't doing don't down during each either even ever every few for from further had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's however i i'd i'll i'm i've if in into is isn't it it's its itself just last least less let's like
made make many may me might more most much must mustn't my myself near need neither never no nor not now
of off often on once one only or other others ought our ours ourselves out over own per perhaps quite rather
said same say says shall shan't she she'd she'll she's should shouldn't since so some such than that that's
the their theirs them themselves then there there's these they they'd they'll they're they've this those
though through to too toward towards under until up upon us very was wasn't we we'd we'll we're we've were
weren't what what's when when's where where's whether which while who who's whom whose why why's will with
within without won't would wouldn't yet you you'd you'll you're you've your yours yourself yourselves`;

const SPANISH = `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el
ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estaban estado estamos estan está
están estar este esto estos fue fueron ha había habían han hasta hay la las le les lo los más me mi mucho muy
ni no nos o otra otras otro otros para pero poco por porque que quien se sea ser si sido sin sino sobre son
su sus también tan te tiene tienen todo todos tu un una uno unos y ya yo`;

const PORTUGUESE = `a ao aos as até com como da das de dela dele deles depois do dos e ela elas ele eles em entre
era eram essa essas esse esses esta estas este estes eu foi foram há isso isto já lhe mais mas me mesmo
muito na nas nem no nos nossa nosso num numa o os ou para pela pelas pelo pelos por qual quando que quem
se sem ser seu seus sua suas são só também te tem têm um uma umas uns você à às é está estão pode vai`;

const FRENCH = `a ai au aux avec avait c ce cela ces cet cette comme d dans de des du elle elles en est et été
eu il ils je l la le les leur leurs lui m ma mais me même mes moi mon n ne nos notre nous on ont ou par pas
plus pour qu que qui s sa se ses si son sont sur ta te tes toi ton tous tout très tu un une vos votre vous y
à était être cette dont aussi fait faire`;

const GERMAN = `aber als am an auch auf aus bei bin bis bist da damit dann das dass dem den denn der des die dies
diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwas für hat
hatte hier ich ihm ihn ihr ihre im in ist ja jetzt kann kein keine man mehr mich mir mit muss nach nicht
noch nur ob oder ohne sehr sein seine sich sie sind so soll über um und uns unter vom von vor war waren
was weil wenn werden wie wir wird wurde zu zum zur zwischen`;

const ITALIAN = `a ad agli al alla alle anche ancora che chi ci come con così da dal dalla dalle degli dei del
della delle dello di e ed era è fa gli ha hanno i il in io la le lei lo loro lui ma mi molto ne nei nel
nella nelle noi non o per perché più può quando quella quello questa questo se si sia siamo sono su sua sue
sui sul sulla suo suoi tra tutti tutto un una uno voi`;

const INDONESIAN = `ada adalah agar akan aku anda antara apa atau bagi bahwa banyak belum bisa dalam dan dari
dengan di dia hal hanya harus ia ini itu jika juga kami kan karena kata ke kepada kita lagi lebih maka
mereka masih namun oleh pada para saat saja sangat satu sebagai sebuah sedang sehingga sekali selalu semua
sudah tak tapi telah tentang tersebut tidak untuk yang`;

const DUTCH = `aan al als bij dan dat de deze die dit doen door dus een en er geen had heb hebben heeft het hij
hoe hun ik in is je kan maar me meer met mijn na naar niet nog nu of om onder ons ook op over te tegen toch
tot uit van veel voor want was wat we wel werd wie wij worden zal ze zei zich zij zijn zo zonder`;

const RUSSIAN = `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
его ее если есть еще же за здесь и из или им их к как когда кто ли либо мне может мы на над надо не него
нее нет ни них но ну о об однако он она они оно от очень по под при с со так также такой там те тем то
того тоже той только том ты у уже хотя чего чей чем что чтобы эта эти это я`;

function parse(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

/** One stop-word list per language, keyed by ISO 639-1 code. */
export const STOP_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['en', parse(ENGLISH)],
  ['es', parse(SPANISH)],
  ['pt', parse(PORTUGUESE)],
  ['fr', parse(FRENCH)],
  ['de', parse(GERMAN)],
  ['it', parse(ITALIAN)],
  ['id', parse(INDONESIAN)],
  ['nl', parse(DUTCH)],
  ['ru', parse(RUSSIAN)],
]);
